package dev.keras2j.cli;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A finished batch: one result per model in input order, and what the run was.
 *
 * @param target         the export target, e.g. {@code dl4j}
 * @param outDir         the output folder
 * @param keras2jVersion the version that ran the batch
 * @param jobs           models run in parallel
 * @param validate       whether exports were validated
 * @param seconds        wall time of the whole batch
 */
record BatchReport(String target, Path outDir, String keras2jVersion, int jobs, boolean validate, double seconds,
                   List<BatchResult> results) {
    BatchReport {
        results = List.copyOf(results);
    }

    /** Models per status, every status present (zero when none). */
    Map<BatchStatus, Integer> counts() {
        Map<BatchStatus, Integer> counts = new EnumMap<>(BatchStatus.class);
        for (BatchStatus s : BatchStatus.values()) {
            counts.put(s, 0);
        }
        for (BatchResult r : results) {
            counts.merge(r.status(), 1, Integer::sum);
        }
        return counts;
    }

    /** True when every model is converted, validated or up to date. */
    boolean allSucceeded() {
        return results.stream().allMatch(r -> r.status().succeeded());
    }
}
