package dev.keras2j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** {@code keras2j batch}: converts many models, each isolated from the others, and reports on all of them. */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = {"Converts every model found under INPUT... for another framework, in parallel.",
            "Models: full .h5 files, .keras archives, and architecture JSONs with their weights file (m.json with "
                    + "m.weights.h5, m_weights.h5 or m.h5; m_config.json with m_weights.h5). Weights-only HDF5 files, "
                    + "references (.npz, .npy, *_inputs_and_outputs.h5) and JSON without class_name are not models; "
                    + "a file named like a model that cannot be read is reported as an error.",
            "Outputs mirror the input tree under OUTDIR (in/a/m.h5 -> OUTDIR/a/m.zip) and are written atomically. "
                    + "An output made from the same input content by the same keras2j version is skipped (see "
                    + BatchManifest.FILE_NAME + " in OUTDIR), so an interrupted batch resumes.",
            "Statuses: converted, validated, refused (a layer has no exact equivalent), mismatch (validation failed; "
                    + "nothing written), error (unreadable or failed), skipped (up to date)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every model converted (and validated with --validate) or up to date",
            "1:some model was refused, mismatched or failed", "2:usage error"})
final class BatchCommand implements Callable<Integer> {
    private static final String STAGING_DIR = AtomicWrite.TEMP_PREFIX + "staging";

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Model files, folders (searched recursively) or globs.")
    List<String> inputs;

    @Option(names = "--to", required = true, paramLabel = "TARGET", description = "Export target: dl4j or onnx.")
    String to;

    @Option(names = "--opset", paramLabel = "N",
            description = "ONNX opset, 13 to 23 (default 23, the newest ONNX Runtime 1.23 runs).")
    Integer opset;

    @Option(names = {"-o", "--outdir"}, required = true, paramLabel = "OUTDIR", description = "Output folder.")
    Path outDir;

    @Option(names = "--jobs", paramLabel = "N", description = "Models converted in parallel (default: number of cores).")
    Integer jobs;

    @Option(names = "--validate", description = "Validate each export against the reference beside its model "
            + "(<stem>.npz, <stem>_inputs_and_outputs.h5, input.npy + predictions.npy), or without one against "
            + "keras2j's runtime on a seeded random input.")
    boolean validate;

    @Option(names = "--report", paramLabel = "R.json", description = "Write a JSON report (one entry per model).")
    Path report;

    @Option(names = "--junit", paramLabel = "J.xml", description = "Write a JUnit XML report (one test case per model).")
    Path junit;

    @Option(names = "--html", paramLabel = "H.html", description = "Write a self-contained HTML report.")
    Path html;

    @Option(names = "--overwrite", description = "Convert again even when an output is up to date.")
    boolean overwrite;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        ExportTarget target = ExportTargets.of(to, opset);
        int parallel = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        if (parallel < 1) {
            throw new UsageException("--jobs must be at least 1, not " + parallel);
        }
        Path out = outDir.toAbsolutePath().normalize();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UsageException("OUTDIR " + outDir + " exists and is not a folder");
        }
        ModelDiscovery.Found found = ModelDiscovery.find(inputs, out);
        if (found.models().isEmpty()) {
            throw new UsageException("no models found in " + String.join(", ", inputs)
                    + " (" + found.otherFiles() + " other files)");
        }
        Files.createDirectories(out);
        removeLeftovers(out);
        Path staging = Files.createDirectories(out.resolve(STAGING_DIR));
        String version = Keras2jCli.version();
        BatchJob.Settings settings = new BatchJob.Settings(target, out, staging, BatchManifest.load(out), version, validate,
                overwrite);
        Map<ModelSource, String> names = ModelDiscovery.outputNames(found.models(), target.extension());

        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        long start = System.nanoTime();
        List<BatchResult> results;
        // On Ctrl-C or a kill, drop the unfinished exports now; a later run would remove them anyway.
        Thread cleanup = new Thread(() -> {
            try {
                deleteTree(staging);
            } catch (IOException | RuntimeException ignored) {
                // Best effort while the JVM exits.
            }
        });
        Runtime.getRuntime().addShutdownHook(cleanup);
        try (BatchProgress progress = System.console() != null
                ? BatchProgress.bar(found.models().size(), System.err)
                : BatchProgress.lines(found.models().size(), stderr)) {
            results = runAll(found.models(), names, settings, parallel, progress);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException exiting) {
                // The JVM is already shutting down; the hook runs.
            }
            deleteTree(staging);
        }
        BatchReport batch = new BatchReport(to, out, version, parallel, validate, (System.nanoTime() - start) / 1e9, results);
        BatchSummaryTable.print(batch, stdout);
        if (report != null) {
            AtomicWrite.text(report, JsonBatchReport.render(batch));
        }
        if (junit != null) {
            AtomicWrite.text(junit, JunitBatchReport.render(batch));
        }
        if (html != null) {
            AtomicWrite.text(html, HtmlBatchReport.render(batch));
        }
        return batch.allSucceeded() ? 0 : Keras2jCli.EXIT_CHECK_FAILED;
    }

    private static List<BatchResult> runAll(List<ModelSource> models, Map<ModelSource, String> names,
                                            BatchJob.Settings settings, int parallel, BatchProgress progress)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, models.size()), new WorkerThreads());
        try {
            List<Future<BatchResult>> futures = new ArrayList<>();
            for (ModelSource m : models) {
                BatchJob job = new BatchJob(m, names.get(m), settings);
                futures.add(pool.submit(() -> {
                    BatchResult r = job.run();
                    progress.finished(r);
                    return r;
                }));
            }
            List<BatchResult> results = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    results.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    // BatchJob.run catches everything; only the progress display can get here.
                    throw new IllegalStateException("batch progress failed: " + e.getCause(), e.getCause());
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Removes what a killed run left behind: the staging folder and temporary report files. None of them is
     * an output, so nothing finished is lost.
     */
    private static void removeLeftovers(Path out) throws IOException {
        List<Path> leftovers;
        try (Stream<Path> s = Files.walk(out)) {
            leftovers = s.filter(p -> !p.equals(out) && p.getFileName().toString().startsWith(AtomicWrite.TEMP_PREFIX))
                    .toList();
        }
        for (Path p : leftovers) {
            deleteTree(p);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }

    /**
     * Worker threads with a large stack, so a deeply nested model is more likely to convert than to overflow
     * (an overflow is still caught and reported for that model alone).
     */
    private static final class WorkerThreads implements ThreadFactory {
        private static final long STACK_BYTES = 64L << 20;
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(null, r, "keras2j-batch-" + count.incrementAndGet(), STACK_BYTES);
            t.setDaemon(true);
            return t;
        }
    }
}
