package dev.keras2j.cli;

import com.google.gson.GsonBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code keras2j evaluate}: classification metrics and speed of one or more models on a labelled data set. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluates classifiers on a labelled data set and prints their metrics side by side: accuracy, "
                + "macro precision, recall and F1, the confusion matrix, parameter count, latency per example and "
                + "throughput (measured in keras2j's runtime after a warm-up).",
            "DATA.npz holds 'y' (class ids, or one-hot rows) and the inputs: 'x' for every model, or 'x_<stem>' for "
                    + "the model file <stem>.keras/.h5 when models read different layouts.",
            "A model's predicted class is the arg-max of its output (a single output is a sigmoid: > 0.5 is class 1). "
                    + "Precision of a class never predicted, and recall of a class with no examples, are 0 (as is "
                    + "F1 when both are 0); macro averages run over the classes present in the labels or the "
                    + "predictions, like scikit-learn's."})
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DATA.npz", description = "The labelled data set.")
    Path data;

    @Parameters(arity = "1..*", paramLabel = "MODEL", description = "Model files (.h5, .keras, or .json with weights beside it).")
    List<Path> models;

    @Mixin
    JsonOutput.Plain json;

    @Option(names = "--per-class", description = "Also report precision, recall, F1 and support per class.")
    boolean perClass;

    @Option(names = "--batch-size", paramLabel = "B", description = "Examples per prediction call (default: ${DEFAULT-VALUE}).")
    int batchSize = 32;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(data)) {
            throw new UsageException("data file not found: " + data);
        }
        if (batchSize < 1) {
            throw new UsageException("--batch-size must be at least 1");
        }
        EvaluationData set = EvaluationData.load(data);
        List<ModelEvaluation> results = new ArrayList<>();
        for (Path m : models) {
            results.add(ModelEvaluation.run(m, set, batchSize));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.requested()) {
            out.println(new GsonBuilder().setPrettyPrinting().serializeNulls().serializeSpecialFloatingPointValues()
                    .create().toJson(toJson(set, results)));
        } else {
            printTable(set, results, out);
        }
        out.flush();
        return 0;
    }

    private Map<String, Object> toJson(EvaluationData set, List<ModelEvaluation> results) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("data", set.file().toString());
        o.put("examples", set.size());
        List<Map<String, Object>> list = new ArrayList<>();
        for (ModelEvaluation e : results) {
            ClassificationMetrics m = e.metrics();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("model", e.model().toString());
            r.put("name", e.name());
            r.put("input_key", e.inputKey());
            r.put("params", e.params());
            r.put("classes", m.classes());
            r.put("accuracy", m.accuracy());
            r.put("precision_macro", m.macroPrecision());
            r.put("recall_macro", m.macroRecall());
            r.put("f1_macro", m.macroF1());
            r.put("confusion_matrix", m.confusionMatrix());
            r.put("latency_ms_per_example", e.latencyMs());
            r.put("throughput_examples_per_s", e.throughput());
            if (perClass) {
                List<Map<String, Object>> classes = new ArrayList<>();
                for (int c = 0; c < m.classes(); c++) {
                    Map<String, Object> co = new LinkedHashMap<>();
                    co.put("class", c);
                    co.put("precision", m.precision(c));
                    co.put("recall", m.recall(c));
                    co.put("f1", m.f1(c));
                    co.put("support", m.support(c));
                    classes.add(co);
                }
                r.put("per_class", classes);
            }
            list.add(r);
        }
        o.put("models", list);
        return o;
    }

    private void printTable(EvaluationData set, List<ModelEvaluation> results, PrintWriter out) {
        out.printf("Data: %s (%d examples)%n%n", set.file(), set.size());
        int width = 12;
        for (ModelEvaluation e : results) {
            width = Math.max(width, Math.max(e.name().length(), e.inputKey().length()) + 2);
        }
        String cell = "%" + width + "s";
        row(out, cell, "metric", results, ModelEvaluation::name);
        row(out, cell, "input", results, ModelEvaluation::inputKey);
        row(out, cell, "params", results, e -> String.format(Locale.ROOT, "%,d", e.params()));
        row(out, cell, "accuracy", results, e -> f4(e.metrics().accuracy()));
        row(out, cell, "precision (macro)", results, e -> f4(e.metrics().macroPrecision()));
        row(out, cell, "recall (macro)", results, e -> f4(e.metrics().macroRecall()));
        row(out, cell, "F1 (macro)", results, e -> f4(e.metrics().macroF1()));
        row(out, cell, "latency ms/example", results, e -> String.format(Locale.ROOT, "%.3f", e.latencyMs()));
        row(out, cell, "throughput ex/s", results, e -> String.format(Locale.ROOT, "%,.0f", e.throughput()));
        if (perClass) {
            int classes = results.stream().mapToInt(e -> e.metrics().classes()).max().orElse(0);
            for (int c = 0; c < classes; c++) {
                int k = c;
                row(out, cell, "class " + c + " precision", results, e -> k < e.metrics().classes() ? f4(e.metrics().precision(k)) : "-");
                row(out, cell, "class " + c + " recall", results, e -> k < e.metrics().classes() ? f4(e.metrics().recall(k)) : "-");
                row(out, cell, "class " + c + " F1", results, e -> k < e.metrics().classes() ? f4(e.metrics().f1(k)) : "-");
                row(out, cell, "class " + c + " support", results, e -> k < e.metrics().classes() ? String.valueOf(e.metrics().support(k)) : "-");
            }
        }
        for (ModelEvaluation e : results) {
            long[][] cm = e.metrics().confusionMatrix();
            out.printf("%nConfusion matrix of %s (rows: true class, columns: predicted class)%n", e.name());
            int w = 4;
            for (long[] r : cm) {
                for (long v : r) {
                    w = Math.max(w, String.valueOf(v).length() + 1);
                }
            }
            StringBuilder head = new StringBuilder("      ");
            for (int c = 0; c < cm.length; c++) {
                head.append(String.format("%" + w + "d", c));
            }
            out.println(head);
            for (int t = 0; t < cm.length; t++) {
                StringBuilder line = new StringBuilder(String.format("%5d ", t));
                for (long v : cm[t]) {
                    line.append(String.format("%" + w + "d", v));
                }
                out.println(line);
            }
        }
    }

    private static void row(PrintWriter out, String cell, String label, List<ModelEvaluation> results,
                            Function<ModelEvaluation, String> value) {
        StringBuilder b = new StringBuilder(String.format("%-22s", label));
        for (ModelEvaluation e : results) {
            b.append(String.format(cell, value.apply(e)));
        }
        out.println(b);
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
