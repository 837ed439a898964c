package dev.keras2j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launchers' stderr filter (bin/keras2j-launch.sh, shared by bin/keras2j and the distribution's launcher):
 * exactly the JVM's incubator-module warning is dropped, every other stderr line and the exit code are kept,
 * stderr is complete when the exit is seen, and the launcher is the JVM (exec), so a SIGKILL of it leaves no
 * JVM running.
 */
class LauncherScriptTest {
    private static final String WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";

    private record Run(int exit, String out, String err) {
    }

    private static Path launchScript() {
        return Fixtures.root().getParent().resolve("bin/keras2j-launch.sh").toAbsolutePath();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Bash that sources the launcher's functions and runs {@code script}; the arguments are $1, $2, ...
     * The environment has none of the launcher's own settings.
     */
    private static ProcessBuilder bashBuilder(String script, String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "set -euo pipefail; . \"$0\"; " + script,
                launchScript().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("KERAS2J_VECTOR");
        pb.environment().remove("KERAS2J_JAVA_OPTS");
        return pb;
    }

    /** Runs the script with stdout and stderr into files, read as soon as the process has exited. */
    private static Run bash(String script, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        try {
            Process p = bashBuilder(script, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * A stand-in for the JVM: prints around the warning, then does what the JVM does at exit (closes its
     * stderr and waits for the filter named by its first argument, -Dkeras2j.stderrFilter=PID, to end).
     */
    private static Path fakeJvm(String body) throws IOException {
        Path fake = Files.createTempFile(tmp, "fake", ".sh");
        Files.writeString(fake, "#!/usr/bin/env bash\nfilter=\"${1#-Dkeras2j.stderrFilter=}\"; shift\n" + body
                + "\ncode=$?\nexec 2>&-\n"
                + "while [ -e /proc/$filter ] && ! grep -q '^State:[[:space:]]*Z' /proc/$filter/status 2>/dev/null;"
                + " do sleep 0.01; done\nexit $code\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        return fake;
    }

    @TempDir
    static Path tmp;

    @Test
    void dropsOnlyTheIncubatorWarningAndKeepsTheExitCode() throws Exception {
        Path fake = fakeJvm("echo 'VM warning before' >&2; echo 'WARNING: Using incubator modules: jdk.incubator.vector' >&2;"
                + " echo \"out $*\"; echo 'keras2j: m.h5: broken' >&2;"
                + " echo 'WARNING: Using incubator modules: jdk.incubator.vector (again)' >&2;"
                + " printf 'no newline' >&2; (exit 3)");
        Run r = bash("keras2j_exec_filtered \"$1\" a 'b c'", fake.toString());
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("out a b c\n");
        assertThat(r.err()).isEqualTo("VM warning before\nkeras2j: m.h5: broken\n" + WARNING + " (again)\nno newline");
    }

    @Test
    void passesEverythingWhenNoWarningIsPrintedAndSucceeds() throws Exception {
        Path fake = fakeJvm("echo 'line one' >&2; echo out; echo 'line two' >&2");
        Run r = bash("keras2j_exec_filtered \"$1\"", fake.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("out\n");
        assertThat(r.err()).isEqualTo("line one\nline two\n");
    }

    @Test
    void theRealJvmsStderrIsCompleteWhenItsExitIsSeenWithoutTheWarning() throws Exception {
        Path npz = Fixtures.model("dense_2d", ".npz").toAbsolutePath();
        for (int i = 0; i < 2; i++) {
            // --verbose: the error line and its stack trace, the last lines the JVM writes before it exits.
            Run r = bash("keras2j_run \"$1\" \"$2\" '' validate --verbose \"$3\" \"$4\"", java(),
                    System.getProperty("java.class.path"), tmp.resolve("missing.h5").toString(), npz.toString());
            assertThat(r.exit()).as(r.err()).isEqualTo(3);
            List<String> lines = r.err().lines().toList();
            assertThat(lines).as(r.err()).isNotEmpty().noneMatch(l -> l.contains("incubator"));
            assertThat(lines.get(0)).isEqualTo("keras2j: " + tmp.resolve("missing.h5") + ": file not found");
            assertThat(lines).as(r.err()).anyMatch(l -> l.contains("at dev.keras2j.cli.Keras2jCli.main"));
            assertThat(r.err()).endsWith("\n");
        }
    }

    /** The launcher's process and its descendants that run java. */
    private static List<ProcessHandle> jvms(ProcessHandle launcher) {
        return Stream.concat(Stream.of(launcher), launcher.descendants())
                .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false)).toList();
    }

    @Test
    void aSigkillOfTheLauncherLeavesNoJvmRunning() throws Exception {
        Path out = tmp.resolve("batch-out");
        Process launcher = bashBuilder("keras2j_run \"$1\" \"$2\" '' batch \"$3\" --to dl4j -o \"$4\" --jobs 1",
                java(), System.getProperty("java.class.path"), Fixtures.root().resolve("models").toString(),
                out.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<ProcessHandle> jvms = List.of();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            jvms = jvms(launcher.toHandle());
            while (jvms.isEmpty() && launcher.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
                jvms = jvms(launcher.toHandle());
            }
            assertThat(jvms).as("the batch's JVM started").isNotEmpty();
            assertThat(launcher.isAlive()).as("the batch still runs when killed").isTrue();

            launcher.toHandle().destroyForcibly(); // SIGKILL to the launcher's process id only
            assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
            for (ProcessHandle jvm : jvms) {
                try {
                    jvm.onExit().get(30, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    // reported below
                }
            }
            assertThat(jvms).as("JVMs of the killed launcher still running").noneMatch(ProcessHandle::isAlive);
        } finally {
            // A JVM the kill missed outlives its launcher's process tree: stop it by its own handle.
            jvms.forEach(ProcessHandle::destroyForcibly);
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    @Test
    void theSubcommandIsTheFirstNonOption() throws Exception {
        Run r = bash("keras2j_subcommand --verbose validate m.h5");
        assertThat(r.out()).isEqualTo("validate\n");
    }
}
