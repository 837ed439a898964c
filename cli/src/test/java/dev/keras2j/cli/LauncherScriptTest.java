package dev.keras2j.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launchers' stderr filter (bin/keras2j-launch.sh, shared by bin/keras2j and the distribution's launcher):
 * exactly the JVM's incubator-module warning is dropped, every other stderr line and the exit code are kept.
 */
class LauncherScriptTest {
    private static final String WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";

    private record Run(int exit, String out, String err) {
    }

    private static Run bash(String script) throws IOException, InterruptedException {
        Path launch = Fixtures.root().getParent().resolve("bin/keras2j-launch.sh");
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        try {
            Process p = new ProcessBuilder("bash", "-c", "set -euo pipefail; . \"$0\"; " + script, launch.toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void dropsOnlyTheIncubatorWarningAndKeepsTheExitCode() throws Exception {
        Run r = bash("fake() { echo 'VM warning before' >&2; echo \"$KERAS2J_INCUBATOR_WARNING\" >&2; echo out;"
                + " echo 'keras2j: m.h5: broken' >&2; echo \"$KERAS2J_INCUBATOR_WARNING (again)\" >&2;"
                + " printf 'no newline' >&2; return 3; }; keras2j_filter_stderr fake");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("out\n");
        assertThat(r.err()).isEqualTo("VM warning before\nkeras2j: m.h5: broken\n" + WARNING + " (again)\nno newline");
    }

    @Test
    void passesEverythingWhenNoWarningIsPrintedAndSucceeds() throws Exception {
        Run r = bash("fake() { echo 'line one' >&2; echo 'line two' >&2; }; keras2j_filter_stderr fake; echo after");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("after\n");
        assertThat(r.err()).isEqualTo("line one\nline two\n");
    }

    @Test
    void theSubcommandIsTheFirstNonOption() throws Exception {
        Run r = bash("keras2j_subcommand --verbose validate m.h5");
        assertThat(r.out()).isEqualTo("validate\n");
    }
}
