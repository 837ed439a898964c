package dev.keras2j.cli;

import com.google.gson.GsonBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --report} JSON: the run, counts per status, and one entry per model with {@code input, output,
 * status, reason, format, keras_version, layers, params, max_abs_err, seconds}.
 */
final class JsonBatchReport {
    private JsonBatchReport() {
    }

    static String render(BatchReport report) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("keras2j_version", report.keras2jVersion());
        o.put("to", report.target());
        o.put("outdir", report.outDir().toString());
        o.put("jobs", report.jobs());
        o.put("validate", report.validate());
        o.put("seconds", report.seconds());
        Map<String, Integer> counts = new LinkedHashMap<>();
        report.counts().forEach((s, n) -> counts.put(s.id(), n));
        o.put("counts", counts);
        List<Map<String, Object>> models = new ArrayList<>();
        for (BatchResult r : report.results()) {
            models.add(entry(r));
        }
        o.put("models", models);
        return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(o);
    }

    private static Map<String, Object> entry(BatchResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", r.source().model().toString());
        if (r.source().weights() != null) {
            m.put("weights", r.source().weights().toString());
        }
        m.put("output", r.output() == null ? null : r.output().toString());
        m.put("status", r.status().id());
        m.put("reason", r.reason());
        m.put("format", r.format());
        m.put("keras_version", r.kerasVersion());
        List<Map<String, Object>> layers = new ArrayList<>();
        for (BatchResult.LayerRow l : r.layers()) {
            Map<String, Object> lo = new LinkedHashMap<>();
            lo.put("name", l.name());
            lo.put("class_name", l.className());
            lo.put("output_shape", l.outputShape());
            lo.put("params", l.params());
            layers.add(lo);
        }
        m.put("layers", layers);
        m.put("params", r.params() < 0 ? null : r.params());
        m.put("max_abs_err", r.maxAbsError());
        m.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
        return m;
    }
}
