package dev.keras2j.cli;

import dev.keras2j.cli.bench.BenchEngine;
import dev.keras2j.cli.bench.BenchRunner;
import dev.keras2j.cli.bench.Dl4jExportEngine;
import dev.keras2j.cli.bench.Dl4jImportEngine;
import dev.keras2j.cli.bench.EngineProcess;
import dev.keras2j.cli.bench.Keras2jEngine;
import dev.keras2j.cli.bench.ModelFiles;
import dev.keras2j.cli.bench.OnnxRuntimeEngine;
import dev.keras2j.runtime.kernel.Parallelism;
import dev.keras2j.runtime.kernel.VectorSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code keras2j bench}: measures keras2j and its peers on one model. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures load time, first prediction, steady-state latency and throughput per batch size, "
                + "and the heap used by the load, for keras2j and its peers on one model.",
            "Heap: load_peak_heap_mb is the highest heap use sampled every 1 ms during the load above the "
                + "collected heap before it; load_alloc_mb is the exact bytes the loading thread allocated; "
                + "predict_alloc_mb is the heap every thread allocated per timed prediction."})
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ModelOptions source;

    @Option(names = "--batch", split = ",", paramLabel = "N", defaultValue = "1,32",
            description = "Batch sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Option(names = "--threads", paramLabel = "T",
            description = "Kernel threads for keras2j (default: all available processors).")
    Integer threads;

    @Option(names = "--engine", paramLabel = "E", defaultValue = "keras2j",
            description = "keras2j, dl4j (keras2j's DL4J export), dl4j-import (DL4J's KerasModelImport), "
                    + "onnxruntime (keras2j's ONNX export in ONNX Runtime, CPU, intra-op threads = --threads) or all "
                    + "(default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "3",
            description = "Time box of the latency measurement per engine and batch size (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--loads", paramLabel = "L", defaultValue = "5",
            description = "Loads per engine; the first is reported as load_cold_ms, the median of the others "
                    + "as load_ms (default: ${DEFAULT-VALUE}).")
    int loads;

    // fallbackValue: without it picocli 4.7 inverts a negatable option whose default is true (--fork gives false).
    @Option(names = "--fork", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With more than one engine, measure each in a JVM of its own, started with this one's "
                    + "options, so that none runs on code another engine's runs compiled or initialized "
                    + "(default: ${DEFAULT-VALUE}).")
    boolean fork;

    /** Set by {@link EngineProcess} for a forked engine: the report goes here, away from whatever the JVM prints. */
    @Option(names = "--report-file", hidden = true, paramLabel = "FILE")
    Path reportFile;

    @Mixin
    JsonOutput.InsteadOfTable json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path model = source.model;
        if (!Files.isRegularFile(model)) {
            throw new UsageException("model file not found: " + model);
        }
        if (source.weights != null && !Files.isRegularFile(source.weights)) {
            throw new UsageException("weights file not found: " + source.weights);
        }
        ModelFiles files = new ModelFiles(model, source.weights);
        if (batches.stream().anyMatch(b -> b < 1)) {
            throw new UsageException("batch sizes must be positive: " + batches);
        }
        if (threads != null) {
            if (threads < 1) {
                throw new UsageException("--threads must be at least 1");
            }
            Parallelism.setThreads(threads);
        }
        List<BenchEngine> engines = engines(engine);
        int[] bs = batches.stream().mapToInt(Integer::intValue).toArray();
        BenchRunner runner = new BenchRunner(seconds, Math.max(1, loads));
        List<Map<String, Object>> results = new ArrayList<>();
        PrintWriter out = spec.commandLine().getOut();
        // A forked engine's JVM only writes its report file; the table is the parent's to print.
        boolean table = !json.requested() && reportFile == null;
        if (table) {
            out.printf("%s  (threads %d, %s, vector bits %d)%n", model, Parallelism.threads(),
                    System.getProperty("java.vm.version"), VectorSupport.vectorBits());
            out.printf("%-12s %6s %9s %9s %10s %10s %10s %12s %9s %9s %10s%n", "engine", "batch", "load_ms", "cold_ms",
                    "first_ms", "median_ms", "p90_ms", "examples/s", "heap_mb", "alloc_mb", "pred_alloc");
        }
        EngineProcess forked = fork && engines.size() > 1
                ? new EngineProcess(Keras2jCli.class.getName(), childArguments()) : null;
        for (BenchEngine e : engines) {
            List<Map<String, Object>> r = forked != null ? forked.run(e.name(), spec.commandLine().getErr())
                    : runner.run(e, files, bs);
            results.addAll(r);
            if (table) {
                printRows(out, r);
            }
        }
        if (json.requested() || reportFile != null) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("model", model.toString());
            if (source.weights != null) {
                doc.put("weights", source.weights.toString());
            }
            doc.put("threads", Parallelism.threads());
            // The width the kernels run at: 512 on AVX-512, 256 on AVX2, 0 without the Vector API path.
            doc.put("vector_bits", VectorSupport.vectorBits());
            doc.put("results", results);
            if (reportFile != null) {
                StringWriter text = new StringWriter();
                JsonOutput.print(new PrintWriter(text), doc);
                try {
                    AtomicWrite.text(reportFile, text.toString());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                JsonOutput.print(out, doc);
            }
        }
        out.flush();
        return 0;
    }

    /** This command's measurement options, for an engine measured in a JVM of its own. */
    List<String> childArguments() {
        List<String> a = new ArrayList<>(List.of(source.model.toString(), "--batch",
                String.join(",", batches.stream().map(String::valueOf).toList()),
                "--seconds", Double.toString(seconds), "--loads", Integer.toString(loads)));
        if (source.weights != null) {
            a.add("--weights");
            a.add(source.weights.toString());
        }
        if (threads != null) {
            a.add("--threads");
            a.add(threads.toString());
        }
        return a;
    }

    private static void printRows(PrintWriter out, List<Map<String, Object>> rows) {
        for (Map<String, Object> r : rows) {
            if (r.containsKey("error")) {
                out.printf("%-12s error: %s%n", r.get("engine"), r.get("error"));
                continue;
            }
            out.printf("%-12s %6s %9s %9s %10s %10s %10s %12s %9s %9s %10s%n", r.get("engine"), r.get("batch"),
                    r.get("load_ms"), r.get("load_cold_ms"), r.get("first_predict_ms") == null ? "" : r.get("first_predict_ms"),
                    r.get("latency_ms_median"), r.get("latency_ms_p90"), r.get("throughput_per_s"),
                    r.get("load_peak_heap_mb"), r.get("load_alloc_mb"), r.get("predict_alloc_mb"));
        }
        out.flush();
    }

    private static List<BenchEngine> engines(String name) {
        List<BenchEngine> all = List.of(new Keras2jEngine(), new Dl4jExportEngine(), new Dl4jImportEngine(),
                new OnnxRuntimeEngine());
        if (name.equals("all")) {
            return all;
        }
        for (BenchEngine e : all) {
            if (e.name().equals(name)) {
                return List.of(e);
            }
        }
        throw new UsageException("unknown engine '" + name + "' (keras2j, dl4j, dl4j-import, onnxruntime or all)");
    }
}
