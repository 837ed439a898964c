package dev.keras2j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of every reader with Jazzer. Under plain {@code mvn test} each method runs once per
 * input saved under {@code src/test/resources/dev/keras2j/fuzz/ReadersFuzzTestInputs/<method>/} (a fixture
 * of each kind, and every crash Jazzer finds once it is copied there); with {@code JAZZER_FUZZ=1} Jazzer
 * mutates them guided by coverage for {@code maxDuration} (see docs/security.md). Each input must end in
 * success or keras2j's own one-line exception naming the file.
 */
class ReadersFuzzTest {
    private static final Path DENSE = Path.of("../fixtures/models/dense_2d");

    private static void check(Target target, byte[] input, Path companion) throws IOException {
        Path dir = Files.createTempDirectory("keras2j-jazzer-");
        try {
            Path file = Files.write(dir.resolve(target.fileName()), input);
            Path c = null;
            if (companion != null) {
                c = Files.copy(companion, dir.resolve(target == Target.WEIGHTS_H5 ? "model.json" : "model.weights.h5"));
            }
            Throwable thrown = null;
            try {
                target.run(file, c);
            } catch (Throwable t) {
                thrown = t;
            }
            Outcome outcome = Outcome.of(thrown, file.toString(), c == null ? null : c.toString());
            if (outcome.finding()) {
                throw new AssertionError(target + ": " + outcome, thrown);
            }
            assertThat(outcome.finding()).isFalse();
        } finally {
            MutationRunner.deleteTree(dir);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void h5Model(byte[] input) throws IOException {
        check(Target.H5_MODEL, input, null);
    }

    @FuzzTest(maxDuration = "5m")
    void kerasArchive(byte[] input) throws IOException {
        check(Target.KERAS_MODEL, input, null);
    }

    @FuzzTest(maxDuration = "5m")
    void jsonConfig(byte[] input) throws IOException {
        check(Target.JSON_CONFIG, input, DENSE.resolve("dense_2d.weights.h5"));
    }

    @FuzzTest(maxDuration = "5m")
    void weightsH5(byte[] input) throws IOException {
        check(Target.WEIGHTS_H5, input, DENSE.resolve("dense_2d.json"));
    }

    @FuzzTest(maxDuration = "5m")
    void npz(byte[] input) throws IOException {
        check(Target.NPZ, input, null);
    }

    @FuzzTest(maxDuration = "5m")
    void npy(byte[] input) throws IOException {
        check(Target.NPY, input, null);
    }

    @FuzzTest(maxDuration = "5m")
    void dl4jReference(byte[] input) throws IOException {
        check(Target.DL4J_REFERENCE, input, null);
    }
}
