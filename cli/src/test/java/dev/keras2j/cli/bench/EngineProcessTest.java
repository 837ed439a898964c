package dev.keras2j.cli.bench;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link EngineProcess}: an engine measured in a JVM of its own, with real child JVMs. */
class EngineProcessTest {
    /**
     * Stands in for the CLI in the child: prints a line as a JVM option might, then writes a report that echoes
     * the arguments it was given, or a report that is not JSON when the model is named {@code garbage}.
     */
    public static final class EchoingBench {
        public static void main(String[] args) throws java.io.IOException {
            List<String> a = List.of(args);
            java.nio.file.Path report = java.nio.file.Path.of(a.get(a.indexOf("--report-file") + 1));
            System.out.println("[0.1s][info][gc] a line the JVM printed to standard output");
            if (a.contains("garbage")) {
                java.nio.file.Files.writeString(report, "not json {");
                return;
            }
            String engine = a.get(a.indexOf("--engine") + 1);
            System.err.println("child stderr line");
            java.nio.file.Files.writeString(report, String.format("{\"model\": \"%s\", \"results\": [{\"engine\": \"%s\","
                    + " \"batch\": 3, \"load_ms\": 1.25, \"args\": \"%s\"}]}%n", a.get(1), engine,
                    String.join(" ", a.subList(0, a.indexOf("--report-file")))));
        }
    }

    private final StringWriter errText = new StringWriter();
    private final PrintWriter err = new PrintWriter(errText);

    @Test
    void theChildsReportBecomesTheResultsAndItsStandardErrorIsPassedOn() {
        EngineProcess p = new EngineProcess(EchoingBench.class.getName(), List.of("m.h5", "--batch", "3", "--loads", "2"));
        List<Map<String, Object>> r = p.run("dl4j-import", err);
        assertThat(r).hasSize(1);
        assertThat(r.get(0)).containsEntry("engine", "dl4j-import").containsEntry("batch", 3L).containsEntry("load_ms", 1.25);
        assertThat((String) r.get(0).get("args"))
                .isEqualTo("bench m.h5 --batch 3 --loads 2 --engine dl4j-import --no-fork");
        assertThat(errText.toString()).contains("child stderr line", "a line the JVM printed");
    }

    @Test
    void theChildStartsLikeThisJvm() {
        java.nio.file.Path report = java.nio.file.Path.of("r.json");
        List<String> c = new EngineProcess("Main", List.of("m.h5")).command("keras2j", report);
        assertThat(c.get(0)).startsWith(System.getProperty("java.home"));
        assertThat(c).containsSubsequence("-cp", System.getProperty("java.class.path"), "Main", "bench", "m.h5",
                "--engine", "keras2j", "--no-fork", "--report-file", "r.json");
        assertThat(c).containsAll(EngineProcess.inheritedOptions(
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
    }

    @Test
    void debuggingAndRecordingOptionsAreNotPassedOn() {
        assertThat(EngineProcess.inheritedOptions(List.of("--add-modules", "jdk.incubator.vector", "-Xmx2g",
                "-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-XX:StartFlightRecording=filename=a.jfr",
                "-Xlog:gc:file=gc.log", "-Dkeras2j.vector=false", "-XX:ArchiveClassesAtExit=a.jsa")))
                .containsExactly("--add-modules", "jdk.incubator.vector", "-Xmx2g", "-Dkeras2j.vector=false");
    }

    @Test
    void aChildThatFailsGivesAnErrorWithItsExitCodeAndLastMessage() {
        List<Map<String, Object>> r = new EngineProcess("dev.keras2j.NoSuchMain", List.of("m.h5")).run("dl4j", err);
        assertThat(r).hasSize(1);
        assertThat(r.get(0)).containsOnlyKeys("engine", "error").containsEntry("engine", "dl4j");
        assertThat((String) r.get(0).get("error")).startsWith("its JVM exited with code 1: ").contains("NoSuchMain");
    }

    @Test
    void aChildWhoseReportIsNotJsonGivesAnError() {
        List<Map<String, Object>> r = new EngineProcess(EchoingBench.class.getName(), List.of("garbage")).run("keras2j", err);
        assertThat(r).hasSize(1);
        assertThat((String) r.get(0).get("error")).startsWith("its report is not JSON: ");
    }
}
