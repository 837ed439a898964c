package dev.keras2j.cli;

import dev.keras2j.KerasModel;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.peer.dl4j.Dl4jKerasImport;
import dev.keras2j.peer.dl4j.Dl4jPeerResult;
import dev.keras2j.reference.Comparison;
import dev.keras2j.reference.LayerComparison;
import dev.keras2j.reference.Reference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
    @Mixin
    ModelOptions source;

    @Parameters(index = "1", paramLabel = "REFERENCE",
            description = "An .npz (input, output, layer/<name>), a folder or pair of .npy files,"
                    + " or a Deeplearning4j *_inputs_and_outputs.h5.")
    List<Path> reference;

    @Mixin
    ToleranceOptions tolerance;

    @Option(names = "--per-layer", description = "Also compare every layer output the reference has, in order.")
    boolean perLayer;

    @Option(names = "--html", paramLabel = "REPORT.html",
            description = "With --per-layer: also writes a self-contained page charting each layer's error on a log"
                    + " scale against the tolerance, the first divergent layer highlighted.")
    Path html;

    @Mixin
    JsonOutput.Plain json;

    @Option(names = "--engine", paramLabel = "ENGINE",
            description = "Which engine computes the outputs: keras2j (the default) or dl4j-import"
                    + " (Deeplearning4j's own KerasModelImport, Keras 1/2 files only, as a peer).")
    String engine = "keras2j";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (tolerance.atol < 0 || tolerance.rtol < 0 || Double.isNaN(tolerance.atol) || Double.isNaN(tolerance.rtol)) {
            throw new UsageException("--atol and --rtol must be non-negative numbers");
        }
        if (reference == null || reference.isEmpty()) {
            throw new UsageException("missing REFERENCE: the .npz, folder, .npy pair or DL4J .h5 to compare with");
        }
        if (reference.size() > 2) {
            throw new UsageException("REFERENCE is one file or folder, or a pair of .npy files");
        }
        if (!engine.equals("keras2j") && !engine.equals("dl4j-import")) {
            throw new UsageException("unknown engine '" + engine + "'; engines: keras2j, dl4j-import");
        }
        if (html != null && !perLayer) {
            throw new UsageException("--html charts the per-layer errors: it needs --per-layer");
        }
        if (engine.equals("dl4j-import")) {
            if (perLayer) {
                throw new UsageException("--per-layer needs the keras2j engine");
            }
            return validateWithDl4jImport();
        }
        KerasModel m = KerasModel.load(source.model, source.weights);
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
            outputs.add(Comparison.of(actual.get(i), ref.outputs().get(i), tolerance.atol, tolerance.rtol));
        }
        Comparison result = worst(outputs);
        LayerComparison layers = null;
        if (perLayer) {
            layers = LayerComparison.of(m.predictLayers(ref.inputs()), ref.layerOutputs(), tolerance.atol,
                    tolerance.rtol);
        }
        boolean passed = outputs.stream().allMatch(Comparison::passed) && (layers == null || layers.passed());
        if (html != null) {
            writeHtml(result, layers, passed);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.requested()) {
            JsonOutput.print(out, report(result, layers, passed));
        } else {
            printText(result, layers, passed, out);
        }
        out.flush();
        return passed ? 0 : Keras2jCli.EXIT_CHECK_FAILED;
    }

    private void writeHtml(Comparison result, LayerComparison layers, boolean passed) {
        try {
            AtomicWrite.text(html, HtmlLayerReport.page(source.model.toString(), reference.get(0).toString(), layers,
                    result, passed, tolerance.atol, tolerance.rtol));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(html + ": cannot write the report: " + e.getMessage(), e);
        }
    }

    /** Runs DL4J's KerasModelImport on the same file and reference, for comparison with keras2j. */
    private Integer validateWithDl4jImport() {
        Reference ref = reference.size() == 2
                ? Reference.fromNpyFiles(List.of(reference.get(0)), List.of(reference.get(1)))
                : Reference.load(reference.get(0));
        if (ref.inputs().size() != 1 || ref.outputs().size() != 1) {
            throw new UsageException("--engine dl4j-import compares one input and one output");
        }
        Dl4jPeerResult r = Dl4jKerasImport.predict(source.model, source.weights, ref.input());
        if (!r.ok()) {
            throw new UnsupportedModelException(source.model + ": " + r.error());
        }
        Comparison result = Comparison.of(r.output(), ref.output(), tolerance.atol, tolerance.rtol);
        PrintWriter out = spec.commandLine().getOut();
        if (json.requested()) {
            Map<String, Object> o = report(result, null, result.passed());
            JsonOutput.print(out, o);
        } else {
            out.println("engine: DL4J KerasModelImport");
            printText(result, null, result.passed(), out);
        }
        out.flush();
        return result.passed() ? 0 : Keras2jCli.EXIT_CHECK_FAILED;
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
        o.put("model", source.model.toString());
        o.put("engine", engine);
        o.put("reference", reference.get(0).toString());
        o.put("passed", passed);
        o.put("max_abs_err", finite(result.maxAbsError()));
        o.put("max_rel_err", finite(result.maxRelError()));
        o.put("atol", tolerance.atol);
        o.put("rtol", tolerance.rtol);
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
