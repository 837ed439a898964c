package dev.keras2j.cli;

import dev.keras2j.keras.KerasModelReader;
import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.InputSpec;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.ModelScope;
import dev.keras2j.model.Shape;
import dev.keras2j.model.TensorRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code keras2j inspect}: a summary like Keras's {@code model.summary()}. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Reads a model, checks every shape and weight, and prints a summary.")
final class InspectCommand implements Callable<Integer> {
    @Mixin
    ModelOptions source;

    @Mixin
    JsonOutput.InsteadOfTable json;

    @picocli.CommandLine.Option(names = "--graph", paramLabel = "OUT",
            description = "Also draws the layer graph, like Keras's plot_model, to OUT: .svg, .png or .dot"
                    + " (Graphviz). Refused layers are red, with their reason.")
    java.nio.file.Path graph;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CheckedModel checked = ModelChecker.check(KerasModelReader.read(source.model, source.weights));
        if (graph != null) {
            GraphFile.write(checked, graph);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.requested()) {
            JsonOutput.print(out, describe(checked));
        } else {
            printTable(checked, out);
        }
        out.flush();
        return 0;
    }

    /** The JSON description of a checked model (also used by batch reports). */
    static Map<String, Object> describe(CheckedModel m) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("file", m.spec().source());
        o.put("format", m.spec().format().id());
        o.put("keras_version", m.spec().kerasVersion());
        o.put("backend", m.spec().backend());
        o.put("model_class", m.spec().modelClass());
        o.put("input_shape", shapeList(m.inputShape()));
        o.put("output_shape", shapeList(m.outputShape()));
        o.put("input_shapes", inputShapes(m));
        o.put("output_shapes", outputShapes(m));
        o.put("total_params", m.totalParams());
        List<String> reasons = m.unsupportedReasons();
        o.put("runnable", reasons.isEmpty());
        if (!reasons.isEmpty()) {
            o.put("reasons", reasons);
        }
        List<Map<String, Object>> layers = new ArrayList<>();
        for (CheckedLayer l : m.layers()) {
            Map<String, Object> lo = new LinkedHashMap<>();
            lo.put("name", l.name());
            lo.put("class_name", l.spec().className());
            // The nested models the layer came from, outermost first (only for a layer of one).
            if (!l.node().scope().isEmpty()) {
                lo.put("scope", l.node().scope().stream().map(ModelScope::name).toList());
            }
            lo.put("output_shape", shapeList(l.outputShape()));
            // Every output of the first call (a recurrent layer with return_state has several), and how
            // many times the model calls the layer (a shared layer is listed once).
            lo.put("output_shapes", l.outputShapes().stream().map(InspectCommand::shapeList).toList());
            lo.put("calls", l.callCount());
            lo.put("params", l.params());
            String reason = l.spec().unsupportedReason();
            lo.put("supported", reason == null);
            if (reason != null) {
                lo.put("reason", reason);
            }
            layers.add(lo);
        }
        o.put("layers", layers);
        return o;
    }

    /** Every model input in Keras's order: {@code {"name", "shape"}}. */
    static List<Map<String, Object>> inputShapes(CheckedModel m) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (InputSpec in : m.spec().inputs()) {
            out.add(named(in.name(), in.shape()));
        }
        return out;
    }

    /**
     * Every model output in Keras's order: {@code {"name", "shape"}}, named by the tensor that is the output
     * ({@code layer}, or {@code layer:call:output} for another than a layer's first output of its first call).
     */
    static List<Map<String, Object>> outputShapes(CheckedModel m) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TensorRef ref : m.spec().outputs()) {
            out.add(named(ref.key(), m.shape(ref)));
        }
        return out;
    }

    private static Map<String, Object> named(String name, Shape shape) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", name);
        o.put("shape", shapeList(shape));
        return o;
    }

    /** A shape as a JSON list with {@code null} for the batch axis and unknown dimensions. */
    static List<Integer> shapeList(Shape s) {
        List<Integer> out = new ArrayList<>();
        out.add(null);
        for (int d : s.dims()) {
            out.add(d == Shape.UNKNOWN ? null : d);
        }
        return out;
    }

    private static void printTable(CheckedModel m, PrintWriter out) {
        out.printf("Model: %s (%s)   format: %s   keras %s   backend %s%n", m.spec().source(), m.spec().modelClass(),
                m.spec().format().id(), orDash(m.spec().kerasVersion()), orDash(m.spec().backend()));
        int nameWidth = "input (InputLayer)".length();
        int shapeWidth = "Output Shape".length();
        for (CheckedLayer l : m.layers()) {
            nameWidth = Math.max(nameWidth, layerLabel(l).length());
            shapeWidth = Math.max(shapeWidth, outputShapes(l).length());
        }
        String row = "%-" + (nameWidth + 2) + "s%-" + (shapeWidth + 2) + "s%12s  %s%n";
        String rule = "-".repeat(nameWidth + shapeWidth + 4 + 12 + 2 + 8);
        out.println(rule);
        out.printf(row, "Layer (type)", "Output Shape", "Param #", "Runs");
        out.println(rule.replace('-', '='));
        out.printf(row, "input (InputLayer)", m.inputShape().toKerasString(), "0", "");
        for (CheckedLayer l : m.layers()) {
            String reason = l.spec().unsupportedReason();
            out.printf(row, layerLabel(l), outputShapes(l), String.format("%,d", l.params()),
                    reason == null ? "yes" : "no: " + reason);
        }
        out.println(rule.replace('-', '='));
        out.printf("Total params: %,d%n", m.totalParams());
        List<String> reasons = m.unsupportedReasons();
        out.println(reasons.isEmpty() ? "Runs in keras2j: yes" : "Runs in keras2j: no: " + reasons.get(0));
    }

    /**
     * {@code name (Class)}, after the nested models it came from ({@code outer/inner/name (Class)}; Keras
     * refuses '/' in names), with the call count of a layer the model calls several times.
     */
    private static String layerLabel(CheckedLayer l) {
        StringBuilder scope = new StringBuilder();
        l.node().scope().forEach(s -> scope.append(s.name()).append('/'));
        return scope + l.spec().describe() + (l.callCount() > 1 ? " x" + l.callCount() + " calls" : "");
    }

    /** The output shape, or every output shape in Keras's order for a layer with several. */
    private static String outputShapes(CheckedLayer l) {
        if (l.outputShapes().size() == 1) {
            return l.outputShape().toKerasString();
        }
        return "[" + String.join(", ", l.outputShapes().stream().map(Shape::toKerasString).toList()) + "]";
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}
