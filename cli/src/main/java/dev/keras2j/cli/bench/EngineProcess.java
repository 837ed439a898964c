package dev.keras2j.cli.bench;

import dev.keras2j.container.JsonDocument;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Measures one engine in a JVM of its own, started like this one (same {@code java}, JVM options and class
 * path), as JMH forks for every benchmark. In one JVM the engines measured later run on code the earlier ones
 * compiled and initialized: DL4J's importer, measured after keras2j's DL4J export, found ND4J initialized and
 * DL4J's layer code compiled, and so loaded faster than it does for a user.
 */
public final class EngineProcess {
    private final String mainClass;
    private final List<String> benchArguments;

    /**
     * @param mainClass      the CLI's main class
     * @param benchArguments the {@code bench} arguments every engine is measured with (model, batches, time box,
     *                       loads, threads), without {@code --engine} and {@code --json}
     */
    public EngineProcess(String mainClass, List<String> benchArguments) {
        this.mainClass = mainClass;
        this.benchArguments = List.copyOf(benchArguments);
    }

    /**
     * Runs {@code bench --engine ENGINE --json --no-fork} in a new JVM and returns its results. The child's
     * standard error is passed on to {@code err}; a child that fails gives one {@code {"engine","error"}}.
     */
    public List<Map<String, Object>> run(String engine, PrintWriter err) {
        List<String> command = command(engine);
        try {
            Process p = new ProcessBuilder(command).start();
            p.getOutputStream().close();
            AtomicReference<String> lastError = new AtomicReference<>();
            Thread relay = new Thread(() -> relay(p, err, lastError), "bench-" + engine + "-stderr");
            relay.setDaemon(true);
            relay.start();
            byte[] out = p.getInputStream().readAllBytes();
            int exit = p.waitFor();
            relay.join();
            if (exit != 0) {
                String why = lastError.get();
                return error(engine, "its JVM exited with code " + exit + (why == null ? "" : ": " + why));
            }
            return results(engine, new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return error(engine, "cannot start a JVM for it: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(engine, "interrupted");
        }
    }

    /** The child's command line: this JVM's executable, options and class path, then the CLI's arguments. */
    List<String> command(String engine) {
        List<String> c = new ArrayList<>();
        c.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        c.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        c.add("-cp");
        c.add(System.getProperty("java.class.path"));
        c.add(mainClass);
        c.add("bench");
        c.addAll(benchArguments);
        c.add("--engine");
        c.add(engine);
        c.add("--json");
        c.add("--no-fork");
        return c;
    }

    private static void relay(Process p, PrintWriter err, AtomicReference<String> last) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    last.set(line.strip());
                }
                synchronized (err) {
                    err.println(line);
                    err.flush();
                }
            }
        } catch (IOException e) {
            // The child's error stream closed with it; its exit code says what happened.
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> results(String engine, String json) {
        Object doc;
        try {
            doc = JsonDocument.parse(json, "the engine's report");
        } catch (RuntimeException e) {
            return error(engine, "its JVM printed no report: " + e.getMessage());
        }
        if (!(doc instanceof Map<?, ?> m) || !(m.get("results") instanceof List<?> list)) {
            return error(engine, "its JVM printed a report without results");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object r : list) {
            if (r instanceof Map<?, ?> row) {
                out.add((Map<String, Object>) row);
            }
        }
        return out;
    }

    private static List<Map<String, Object>> error(String engine, String message) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("engine", engine);
        r.put("error", message);
        return List.of(r);
    }
}
