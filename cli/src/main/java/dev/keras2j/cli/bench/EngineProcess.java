package dev.keras2j.cli.bench;

import dev.keras2j.container.JsonDocument;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures one engine in a JVM of its own, started like this one (same {@code java}, JVM options and class
 * path, less debugging and recording options), as JMH forks for every benchmark. In one JVM the engines
 * measured later run on code the earlier ones compiled and initialized: DL4J's importer, measured after
 * keras2j's DL4J export, found ND4J initialized and DL4J's layer code compiled, and so loaded faster than it
 * does for a user.
 */
public final class EngineProcess {
    /**
     * JVM options not passed on: a debugger agent would find its port taken (or wait for a debugger), and a
     * flight recording, log file or class-data archive would be written over by every child.
     */
    private static final List<String> NOT_INHERITED = List.of("-agentlib:jdwp", "-Xrunjdwp", "-Xdebug",
            "-XX:StartFlightRecording", "-XX:FlightRecorderOptions", "-XX:ArchiveClassesAtExit", "-Xlog");

    private final String mainClass;
    private final List<String> benchArguments;

    /**
     * @param mainClass      the CLI's main class
     * @param benchArguments the {@code bench} arguments every engine is measured with (model, batches, time box,
     *                       loads, threads), without {@code --engine}
     */
    public EngineProcess(String mainClass, List<String> benchArguments) {
        this.mainClass = mainClass;
        this.benchArguments = List.copyOf(benchArguments);
    }

    /**
     * Runs {@code bench --engine ENGINE --no-fork} in a new JVM that writes its report to a temporary file, and
     * returns the report's results. What the child prints (its own messages, and whatever its JVM options make
     * the JVM print) is passed on to {@code err}; a child that fails gives one {@code {"engine","error"}}.
     */
    public List<Map<String, Object>> run(String engine, PrintWriter err) {
        Path report = null;
        Process p = null;
        try {
            report = Files.createTempFile("keras2j-bench-", ".json");
            ProcessBuilder builder = new ProcessBuilder(command(engine, report)).redirectErrorStream(true);
            // Their contents are among this JVM's input arguments, copied already; inherited too, an agent
            // in them would load twice.
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            builder.environment().remove("JDK_JAVA_OPTIONS");
            p = builder.start();
            p.getOutputStream().close();
            String why = relay(p, err);
            int exit = p.waitFor();
            if (exit != 0) {
                return error(engine, "its JVM exited with code " + exit + (why == null ? "" : ": " + why));
            }
            return results(engine, Files.readString(report, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return error(engine, "cannot run a JVM for it: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(engine, "interrupted");
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
            if (report != null) {
                try {
                    Files.deleteIfExists(report);
                } catch (IOException e) {
                    // A temporary file left behind is harmless.
                }
            }
        }
    }

    /** The child's command line: this JVM's {@code java}, options and class path, then the CLI's arguments. */
    List<String> command(String engine, Path report) {
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.addAll(inheritedOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        c.add("-cp");
        c.add(System.getProperty("java.class.path"));
        c.add(mainClass);
        c.add("bench");
        c.addAll(benchArguments);
        c.add("--engine");
        c.add(engine);
        c.add("--no-fork");
        c.add("--report-file");
        c.add(report.toString());
        return c;
    }

    /** {@code options} without those a child must not repeat ({@link #NOT_INHERITED}). */
    static List<String> inheritedOptions(List<String> options) {
        List<String> kept = new ArrayList<>();
        for (String o : options) {
            if (NOT_INHERITED.stream().noneMatch(o::startsWith)) {
                kept.add(o);
            }
        }
        return kept;
    }

    /**
     * Copies the child's output to {@code err} until it ends; returns the line that best says why it failed:
     * the last one that is not a stack frame.
     */
    private static String relay(Process p, PrintWriter err) throws IOException {
        String why = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("at ") && !t.startsWith("...")) {
                    why = t;
                }
                synchronized (err) {
                    err.println(line);
                    err.flush();
                }
            }
        }
        return why;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> results(String engine, String json) {
        Object doc;
        try {
            doc = JsonDocument.parse(json, "the engine's report");
        } catch (RuntimeException e) {
            return error(engine, "its report is not JSON: " + e.getMessage());
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
