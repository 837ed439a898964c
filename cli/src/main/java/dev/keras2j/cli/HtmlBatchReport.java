package dev.keras2j.cli;

import java.util.Locale;
import java.util.Map;

/**
 * The {@code --html} report: one self-contained page (inline CSS and script, no external resources) with the
 * counts, a table of models that can be filtered by status, and each model's layers (name, class, output shape,
 * parameters) folded under its row. The markup is also well-formed XML, so tools can parse it.
 */
final class HtmlBatchReport {
    private HtmlBatchReport() {
    }

    static String render(BatchReport report) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>keras2j batch report</title>\n");
        h.append("<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}\n")
                .append("table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:4px 8px;")
                .append("text-align:left;vertical-align:top}th{background:#f4f4f4}td.num{text-align:right}\n")
                .append(".status{font-weight:600;border-radius:3px;padding:1px 6px}\n")
                .append(".converted,.validated{background:#d9f2d9}.skipped{background:#e8e8e8}")
                .append(".refused{background:#fff0c2}.mismatch{background:#ffd6cc}.error{background:#f7c6c6}\n")
                .append("#filters label{margin-right:1em}details table{width:auto;margin:4px 0 8px 0}")
                .append("code{font-size:90%}.reason{max-width:50em;word-break:break-word}\n")
                .append("</style>\n</head>\n<body>\n");
        h.append("<h1>keras2j batch report</h1>\n<p>")
                .append(esc(String.format(Locale.ROOT, "%d models to %s in %.1f s with %d jobs, keras2j %s%s. Output: ",
                        report.results().size(), report.target(), report.seconds(), report.jobs(),
                        report.keras2jVersion(), report.validate() ? ", validated" : "")))
                .append("<code>").append(esc(report.outDir().toString())).append("</code></p>\n");
        h.append("<div id=\"filters\">Show: ");
        for (Map.Entry<BatchStatus, Integer> e : report.counts().entrySet()) {
            String id = e.getKey().id();
            h.append("<label><input type=\"checkbox\" data-status=\"").append(id).append("\" checked=\"checked\"/> <span class=\"status ")
                    .append(id).append("\">").append(id).append("</span> ").append(e.getValue()).append("</label>");
        }
        h.append("</div>\n<table id=\"models\">\n<thead><tr><th>Status</th><th>Input</th><th>Output</th><th>Format</th>")
                .append("<th>Keras</th><th>Params</th><th>Max abs err</th><th>Seconds</th><th>Reason / layers</th></tr></thead>\n<tbody>\n");
        for (BatchResult r : report.results()) {
            String id = r.status().id();
            h.append("<tr data-status=\"").append(id).append("\"><td><span class=\"status ").append(id).append("\">")
                    .append(id).append("</span></td><td><code>").append(esc(r.source().relative())).append("</code></td><td>")
                    .append(r.output() == null ? "" : "<code>" + esc(report.outDir().relativize(r.output()).toString()) + "</code>")
                    .append("</td><td>").append(esc(orEmpty(r.format()))).append("</td><td>").append(esc(orEmpty(r.kerasVersion())))
                    .append("</td><td class=\"num\">").append(r.params() < 0 ? "" : String.format(Locale.ROOT, "%,d", r.params()))
                    .append("</td><td class=\"num\">").append(r.maxAbsError() == null ? "" : String.format(Locale.ROOT, "%.3g", r.maxAbsError()))
                    .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.2f", r.seconds()))
                    .append("</td><td class=\"reason\">").append(esc(orEmpty(r.reason())));
            if (!r.layers().isEmpty()) {
                h.append("<details><summary>").append(r.layers().size()).append(" layers</summary><table>")
                        .append("<tr><th>Name</th><th>Class</th><th>Output shape</th><th>Params</th></tr>");
                for (BatchResult.LayerRow l : r.layers()) {
                    h.append("<tr><td>").append(esc(l.name())).append("</td><td>").append(esc(l.className()))
                            .append("</td><td>").append(esc(l.outputShape())).append("</td><td class=\"num\">")
                            .append(String.format(Locale.ROOT, "%,d", l.params())).append("</td></tr>");
                }
                h.append("</table></details>");
            }
            h.append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n<script>\n")
                .append("document.querySelectorAll('#filters input').forEach(function (box) {\n")
                .append("  box.addEventListener('change', function () {\n")
                .append("    var shown = {};\n")
                .append("    document.querySelectorAll('#filters input').forEach(function (b) { shown[b.dataset.status] = b.checked; });\n")
                .append("    document.querySelectorAll('#models tbody tr').forEach(function (row) {\n")
                .append("      row.style.display = shown[row.dataset.status] ? '' : 'none';\n")
                .append("    });\n  });\n});\n</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Escapes text for HTML element content and double-quoted attributes. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
