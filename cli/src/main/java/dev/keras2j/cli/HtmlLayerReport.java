package dev.keras2j.cli;

import dev.keras2j.reference.Comparison;
import dev.keras2j.reference.LayerComparison;

import java.util.List;
import java.util.Locale;

/**
 * {@code validate --per-layer --html REPORT.html}: one self-contained page (inline CSS and SVG, no external
 * assets) with each layer's largest absolute error as a bar on a log scale against the tolerance, the first
 * divergent layer highlighted.
 */
final class HtmlLayerReport {
    private static final double FLOOR = 1e-10;
    private static final int ROW = 26;
    private static final int LABEL = 260;
    private static final int CHART = 520;

    private HtmlLayerReport() {
    }

    static String page(String model, String reference, LayerComparison layers, Comparison output, boolean passed,
                       double atol, double rtol) {
        List<LayerComparison.Entry> entries = layers.entries();
        String first = layers.firstDivergentLayer().orElse(null);
        double top = Math.max(atol, FLOOR);
        for (LayerComparison.Entry e : entries) {
            double v = e.comparison().maxAbsError();
            top = Double.isFinite(v) ? Math.max(top, v) : top;
        }
        double lo = Math.floor(Math.log10(FLOOR));
        double hi = Math.max(Math.ceil(Math.log10(top)), lo + 1);
        StringBuilder svg = new StringBuilder();
        int height = entries.size() * ROW + 40;
        int width = LABEL + CHART + 110;
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "role=\"img\" aria-label=\"per-layer maximum absolute error\">", width, height));
        for (int d = (int) lo; d <= hi; d++) {
            double x = LABEL + CHART * (d - lo) / (hi - lo);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\" class=\"grid\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" class=\"tick\">1e%d</text>", x, x, height - 24, x, height - 8, d));
        }
        for (int i = 0; i < entries.size(); i++) {
            LayerComparison.Entry e = entries.get(i);
            double v = e.comparison().maxAbsError();
            boolean firstBad = e.layer().equals(first);
            int y = i * ROW;
            if (firstBad) {
                svg.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"first\"/>",
                        y, width, ROW));
            }
            double w = Double.isFinite(v) ? CHART * (Math.log10(Math.max(v, FLOOR)) - lo) / (hi - lo) : CHART;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"name\">%s</text>", LABEL - 10,
                    y + 17, escape(e.layer())));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"3\" "
                    + "class=\"%s\"><title>%s: max abs err %s</title></rect>", LABEL, y + 5, Math.max(w, 1.0), ROW - 10,
                    e.comparison().passed() ? "pass" : "fail", escape(e.layer()), number(v)));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"value\">%s</text>",
                    LABEL + Math.max(w, 1.0) + 6, y + 17, number(v)));
        }
        double tx = LABEL + CHART * (Math.log10(Math.max(atol, FLOOR)) - lo) / (hi - lo);
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\" class=\"tol\"/>"
                + "<text x=\"%.1f\" y=\"%d\" class=\"tollabel\">atol %s</text>", tx, tx, height - 24, tx + 4,
                height - 28, number(atol)));
        svg.append("</svg>");

        String verdict = passed ? "PASS" : "FAIL";
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>keras2j validate: " + escape(model) + "</title><style>"
                + "body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;background:#f5f7fa;color:#1f2933}"
                + "main{max-width:980px;margin:32px auto;padding:0 20px}"
                + "header{display:flex;align-items:center;gap:16px;margin-bottom:8px}"
                + "h1{font-size:22px;margin:0;word-break:break-all}"
                + ".badge{font-weight:700;padding:4px 12px;border-radius:999px;color:#fff}"
                + ".badge.PASS{background:#2f855a}.badge.FAIL{background:#c53030}"
                + ".meta{color:#52606d;margin:0 0 20px;font-size:14px}"
                + ".card{background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.08);padding:20px 24px;margin-bottom:20px;overflow-x:auto}"
                + ".card h2{font-size:16px;margin:0 0 12px}"
                + ".callout{border-left:4px solid #d69e2e;background:#fffbea;padding:10px 14px;border-radius:6px;margin:0 0 16px}"
                + "svg text{font:12px ui-monospace,Menlo,Consolas,monospace}"
                + ".name{text-anchor:end;fill:#1f2933}.value{fill:#52606d}.tick{fill:#7b8794;text-anchor:middle}"
                + ".grid{stroke:#e4e7eb}.tol{stroke:#d69e2e;stroke-width:2;stroke-dasharray:6 4}.tollabel{fill:#975a16}"
                + ".pass{fill:#48bb78}.fail{fill:#e53e3e}.first{fill:#fff3c4}"
                + "dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}dt{color:#52606d}dd{margin:0}"
                + "</style></head><body><main>"
                + "<header><h1>" + escape(model) + "</h1><span class=\"badge " + verdict + "\">" + verdict + "</span></header>"
                + "<p class=\"meta\">against " + escape(reference) + " &middot; an element passes when |actual &minus; expected| "
                + "&le; atol + rtol&middot;|expected| (atol " + number(atol) + ", rtol " + number(rtol) + ")</p>"
                + (first == null ? "" : "<p class=\"callout\">First divergent layer: <strong>" + escape(first)
                + "</strong> (highlighted): the first layer, in model order, whose output is outside the tolerance.</p>")
                + "<section class=\"card\"><h2>Largest absolute error per layer (log scale)</h2>" + svg + "</section>"
                + "<section class=\"card\"><h2>Model output</h2><dl>"
                + "<dt>verdict</dt><dd>" + escape(output.summary()) + "</dd>"
                + "<dt>layers compared</dt><dd>" + entries.size() + "</dd>"
                + (layers.notInReference().isEmpty() ? "" : "<dt>not in the reference</dt><dd>"
                + escape(String.join(", ", layers.notInReference())) + "</dd>")
                + "</dl></section><p class=\"meta\">keras2j " + escape(Keras2jCli.version()) + "</p></main></body></html>\n";
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "NaN" : Double.isInfinite(v) ? "inf" : String.format(Locale.ROOT, "%.3g", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
