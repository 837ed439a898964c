package dev.keras2j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** The summary printed after a batch: counts per status, then one row per model that needs attention. */
final class BatchSummaryTable {
    private BatchSummaryTable() {
    }

    static void print(BatchReport report, PrintWriter out) {
        out.printf("keras2j batch --to %s: %d models in %.1f s (%d jobs) -> %s%n", report.target(),
                report.results().size(), report.seconds(), report.jobs(), report.outDir());
        StringBuilder counts = new StringBuilder();
        for (Map.Entry<BatchStatus, Integer> e : report.counts().entrySet()) {
            counts.append(String.format("  %s %d", e.getKey().id(), e.getValue()));
        }
        out.println(counts.toString().stripLeading());
        List<BatchResult> failed = report.results().stream().filter(r -> !r.status().succeeded()).toList();
        if (!failed.isEmpty()) {
            int width = "INPUT".length();
            for (BatchResult r : failed) {
                width = Math.max(width, r.source().relative().length());
            }
            width = Math.min(width, 60);
            String row = "%-9s  %-" + width + "s  %s%n";
            out.println();
            out.printf(row, "STATUS", "INPUT", "REASON");
            for (BatchResult r : failed) {
                out.printf(row, r.status().id(), r.source().relative(), r.reason() == null ? "" : r.reason());
            }
        }
        out.flush();
    }
}
