package dev.keras2j.cli;

import dev.keras2j.model.Limits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Every failure reaches the user as one line without a stack trace: Errors too, out of memory as such. */
class ErrorReportTest {
    @TempDir
    Path tmp;

    @Test
    void errorsAreOneLineAndOutOfMemoryIsNotCalledCorrupt() {
        assertThat(Keras2jCli.describe(new OutOfMemoryError("Java heap space"), null))
                .contains("out of memory").contains("-Xmx").doesNotContain("corrupt").doesNotContain("\n");
        assertThat(Keras2jCli.describe(new StackOverflowError(), null)).contains("nested too deeply").doesNotContain("\n");
        assertThat(Keras2jCli.describe(new IllegalStateException("two\nlines"), null)).doesNotContain("\n");
    }

    @Test
    void limitOptionRaisesAndLowersLimits() {
        try {
            CliRun refused = CliRun.of("--limit", "tensorElements=10", "inspect", CliRun.fixture("dense_2d", "h5"));
            assertThat(refused.exit()).isEqualTo(Keras2jCli.EXIT_MODEL);
            assertThat(refused.err()).contains("tensorElements").contains("dense_2d.h5");
            assertThat(refused.err().strip().lines().count()).isEqualTo(1);
            CliRun bad = CliRun.of("--limit", "nosuch=1", "inspect", CliRun.fixture("dense_2d", "h5"));
            assertThat(bad.exit()).isEqualTo(Keras2jCli.EXIT_USAGE);
        } finally {
            System.clearProperty(Limits.TENSOR_ELEMENTS.property());
        }
        assertThat(CliRun.of("inspect", CliRun.fixture("dense_2d", "h5")).exit()).isZero();
    }

    @Test
    void outOfMemoryInPredictIsOneLineWithoutAStackTrace() throws Exception {
        Path in = tmp.resolve("in.npy");
        dev.keras2j.reference.NpyWriter.write(in, dev.keras2j.model.NdArray.zeros(1 << 21, 5));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx48m", "-cp", System.getProperty("java.class.path"),
                Keras2jCli.class.getName(), "predict", Path.of(CliRun.fixture("dense_2d", "h5")).toAbsolutePath().toString(),
                "--input", in.toString(), "--output", tmp.resolve("out.npz").toString()).start();
        p.getOutputStream().close();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(Keras2jCli.EXIT_MODEL);
        List<String> lines = err.strip().lines().filter(l -> !l.startsWith("WARNING: Using incubator")).toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("keras2j: ").contains("out of memory").doesNotContain("corrupt");
    }
}
