package dev.keras2j.cli;

import com.google.gson.GsonBuilder;
import dev.keras2j.KerasModel;
import dev.keras2j.model.NdArray;
import dev.keras2j.reference.Comparison;
import dev.keras2j.reference.LayerComparison;
import dev.keras2j.reference.Reference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code keras2j validate}: compares the runtime's outputs with a reference made by Keras. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Runs a model on a reference's inputs and compares its outputs with the reference's."
                + " An element passes when |actual - expected| <= atol + rtol * |expected|; NaN never passes.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "A .h5, .keras or architecture .json file.")
    Path model;

    @Parameters(index = "1", paramLabel = "REFERENCE",
            description = "An .npz (input, output, layer/<name>), a folder or pair of .npy files,"
                    + " or a Deeplearning4j *_inputs_and_outputs.h5.")
    List<Path> reference;

    @Option(names = "--weights", paramLabel = "W", description = "Weights file for an architecture JSON.")
    Path weights;

    @Option(names = "--atol", paramLabel = "A", description = "Absolute tolerance (default: ${DEFAULT-VALUE}).")
    double atol = Comparison.DEFAULT_ATOL;

    @Option(names = "--rtol", paramLabel = "R", description = "Relative tolerance (default: ${DEFAULT-VALUE}).")
    double rtol = Comparison.DEFAULT_RTOL;

    @Option(names = "--per-layer", description = "Also compare every layer output the reference has, in order.")
    boolean perLayer;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (atol < 0 || rtol < 0 || Double.isNaN(atol) || Double.isNaN(rtol)) {
            throw new UsageException("--atol and --rtol must be non-negative numbers");
        }
        if (reference.size() > 2) {
            throw new UsageException("REFERENCE is one file or folder, or a pair of .npy files");
        }
        KerasModel m = KerasModel.load(model, weights);
        Reference ref = reference.size() == 2
                ? Reference.fromNpyFiles(List.of(reference.get(0)), List.of(reference.get(1)))
                : Reference.load(reference.get(0), m.inputShapes());
        if (ref.outputs().isEmpty()) {
            throw new UsageException(ref.source() + " holds no expected outputs");
        }
        if (ref.inputs().size() != m.inputShapes().size()) {
            throw new UsageException(ref.source() + " holds " + ref.inputs().size() + " inputs but the model has "
                    + m.inputShapes().size());
        }
        if (ref.outputs().size() != m.outputShapes().size()) {
            throw new UsageException(ref.source() + " holds " + ref.outputs().size() + " outputs but the model has "
                    + m.outputShapes().size());
        }
        List<NdArray> actual = m.predict(ref.inputs());
        List<Comparison> outputs = new ArrayList<>();
        for (int i = 0; i < actual.size(); i++) {
            outputs.add(Comparison.of(actual.get(i), ref.outputs().get(i), atol, rtol));
        }
        Comparison result = worst(outputs);
        LayerComparison layers = null;
        if (perLayer) {
            if (ref.inputs().size() != 1) {
                throw new UsageException("--per-layer needs a single-input model");
            }
            layers = LayerComparison.of(m.predictLayers(ref.input()), ref.layerOutputs(), atol, rtol);
        }
        boolean passed = outputs.stream().allMatch(Comparison::passed) && (layers == null || layers.passed());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new GsonBuilder().setPrettyPrinting().serializeNulls().create()
                    .toJson(report(result, layers, passed)));
        } else {
            printText(result, layers, passed, out);
        }
        out.flush();
        return passed ? 0 : Keras2jCli.EXIT_CHECK_FAILED;
    }

    /** The failing comparison, else the one with the largest error: what the summary reports. */
    private static Comparison worst(List<Comparison> all) {
        Comparison worst = all.get(0);
        for (Comparison c : all) {
            boolean worse = worst.passed() && !c.passed()
                    || worst.passed() == c.passed() && c.maxAbsError() > worst.maxAbsError();
            if (worse) {
                worst = c;
            }
        }
        return worst;
    }

    private Map<String, Object> report(Comparison result, LayerComparison layers, boolean passed) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("model", model.toString());
        o.put("reference", reference.get(0).toString());
        o.put("passed", passed);
        o.put("max_abs_err", finite(result.maxAbsError()));
        o.put("max_rel_err", finite(result.maxRelError()));
        o.put("atol", atol);
        o.put("rtol", rtol);
        o.put("elements", result.elementCount());
        o.put("failing_elements", result.failingCount());
        o.put("summary", result.summary());
        if (layers != null) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (LayerComparison.Entry e : layers.entries()) {
                Map<String, Object> lo = new LinkedHashMap<>();
                lo.put("name", e.layer());
                lo.put("max_abs_err", finite(e.comparison().maxAbsError()));
                lo.put("passed", e.comparison().passed());
                list.add(lo);
            }
            o.put("layers", list);
            o.put("first_divergent_layer", layers.firstDivergentLayer().orElse(null));
            o.put("layers_not_in_reference", layers.notInReference());
        }
        return o;
    }

    /** JSON has no NaN or infinity; such an error is reported as null. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private void printText(Comparison result, LayerComparison layers, boolean passed, PrintWriter out) {
        if (layers != null) {
            for (LayerComparison.Entry e : layers.entries()) {
                out.printf("  %-32s max abs err %-12.3g %s%n", e.layer(), e.comparison().maxAbsError(),
                        e.comparison().passed() ? "PASS" : "FAIL");
            }
            layers.firstDivergentLayer().ifPresent(l -> out.println("first divergent layer: " + l));
        }
        out.printf("output: %s%n", result.summary());
        out.println(passed ? "PASS" : "FAIL");
    }
}
