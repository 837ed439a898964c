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
     * Stands in for the CLI in the child: reports one result that echoes the arguments it was given, or prints
     * no report at all when the model is named {@code garbage}.
     */
    public static final class EchoingBench {
        public static void main(String[] args) {
            List<String> a = List.of(args);
            if (a.contains("garbage")) {
                System.out.println("not json {");
                return;
            }
            String engine = a.get(a.indexOf("--engine") + 1);
            System.err.println("child stderr line");
            System.out.printf("{\"model\": \"%s\", \"results\": [{\"engine\": \"%s\", \"batch\": 3, \"load_ms\": 1.25,"
                    + " \"args\": \"%s\"}]}%n", a.get(1), engine, String.join(" ", a));
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
                .isEqualTo("bench m.h5 --batch 3 --loads 2 --engine dl4j-import --json --no-fork");
        assertThat(errText.toString()).contains("child stderr line");
    }

    @Test
    void theChildStartsLikeThisJvm() {
        List<String> c = new EngineProcess("Main", List.of("m.h5")).command("keras2j");
        assertThat(c).containsSubsequence("-cp", System.getProperty("java.class.path"), "Main", "bench", "m.h5");
        assertThat(c).containsAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    @Test
    void aChildThatFailsGivesAnErrorWithItsExitCodeAndLastMessage() {
        List<Map<String, Object>> r = new EngineProcess("dev.keras2j.NoSuchMain", List.of("m.h5")).run("dl4j", err);
        assertThat(r).hasSize(1);
        assertThat(r.get(0)).containsOnlyKeys("engine", "error").containsEntry("engine", "dl4j");
        assertThat((String) r.get(0).get("error")).startsWith("its JVM exited with code 1: ").contains("NoSuchMain");
    }

    @Test
    void aChildThatPrintsNoReportGivesAnError() {
        List<Map<String, Object>> r = new EngineProcess(EchoingBench.class.getName(), List.of("garbage")).run("keras2j", err);
        assertThat(r).hasSize(1);
        assertThat((String) r.get(0).get("error")).startsWith("its JVM printed no report: ");
    }
}
