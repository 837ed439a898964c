package dev.keras2j.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.keras2j.reference.NpzReader;
import dev.keras2j.reference.Reference;
import dev.keras2j.model.NdArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static dev.keras2j.cli.CliRun.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** The commands as a user runs them: outputs, exit codes, and one-line errors. */
class CommandLineTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"h5", "keras", "json"})
    void inspectJsonDescribesTheModelInEveryFormat(String format) {
        CliRun r = CliRun.of("inspect", "--json", fixture("dense_2d", format));
        assertThat(r.exit()).as(r.err()).isZero();
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(o.get("format").getAsString()).isEqualTo(format);
        assertThat(o.get("keras_version").getAsString()).startsWith("3");
        assertThat(o.get("model_class").getAsString()).isEqualTo("Sequential");
        assertThat(o.getAsJsonArray("output_shape").get(0).isJsonNull()).isTrue();
        assertThat(o.get("total_params").getAsLong()).isPositive();
        JsonObject layer = o.getAsJsonArray("layers").get(0).getAsJsonObject();
        assertThat(layer.get("class_name").getAsString()).isEqualTo("Dense");
        assertThat(layer.get("supported").getAsBoolean()).isTrue();
    }

    @Test
    void inspectPrintsASummaryTable() {
        CliRun r = CliRun.of("inspect", fixture("dense_2d", "h5"));
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Layer (type)").contains("(Dense)").contains("Total params:");
    }

    @Test
    void validatePassesOnTheKerasReferenceWithPerLayerReport() {
        CliRun r = CliRun.of("validate", "--per-layer", "--json", fixture("dense_2d", "keras"), fixture("dense_2d", "npz"));
        assertThat(r.exit()).as(r.err()).isZero();
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(o.get("passed").getAsBoolean()).isTrue();
        assertThat(o.get("max_abs_err").getAsDouble()).isLessThan(1e-5);
        assertThat(o.get("atol").getAsDouble()).isEqualTo(1e-5);
        assertThat(o.get("rtol").getAsDouble()).isEqualTo(1e-4);
        assertThat(o.getAsJsonArray("layers")).isNotEmpty();
        assertThat(o.get("first_divergent_layer").isJsonNull()).isTrue();
    }

    @Test
    void validateFailsWithExitOneWhenTheReferenceDisagrees() throws IOException {
        Reference ref = Reference.load(Path.of(fixture("dense_2d", "npz")));
        float[] wrong = ref.output().data().clone();
        wrong[0] += 0.01f;
        Path bad = tmp.resolve("bad.npz");
        dev.keras2j.reference.NpzWriter.write(bad, Map.of("input", ref.input(),
                "output", NdArray.of(wrong, ref.output().shape())));
        CliRun r = CliRun.of("validate", "--json", fixture("dense_2d", "h5"), bad.toString());
        assertThat(r.exit()).isEqualTo(1);
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(o.get("passed").getAsBoolean()).isFalse();
        assertThat(o.get("max_abs_err").getAsDouble()).isGreaterThan(0.009);
    }

    @Test
    void predictWritesANumpyReadableOutput() {
        Path out = tmp.resolve("sub").resolve("out.npz");
        CliRun r = CliRun.of("predict", fixture("dense_2d", "json"), "--input", fixture("dense_2d", "npz"),
                "--output", out.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        NdArray written = NpzReader.read(out).get("output");
        NdArray expected = Reference.load(Path.of(fixture("dense_2d", "npz"))).output();
        assertThat(written.shape()).isEqualTo(expected.shape());
        assertThat(dev.keras2j.reference.Comparison.of(written, expected).passed()).isTrue();
    }

    @Test
    void validateWithoutAReferenceIsAUsageError() {
        CliRun r = CliRun.of("validate", fixture("dense_2d", "h5"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("missing REFERENCE").doesNotContain("Exception");
    }

    @Test
    void missingFileIsExitThreeWithOneLine() {
        CliRun r = CliRun.of("inspect", tmp.resolve("nope.h5").toString());
        assertThat(r.exit()).isEqualTo(3);
        assertOneLineNamingTheFile(r, "nope.h5");
    }

    @Test
    void fileThatIsNotAModelIsExitThree() throws IOException {
        Path junk = tmp.resolve("junk.h5");
        Files.write(junk, "this is not a keras model".getBytes());
        CliRun r = CliRun.of("inspect", junk.toString());
        assertThat(r.exit()).isEqualTo(3);
        assertOneLineNamingTheFile(r, "junk.h5");
    }

    @Test
    void truncatedModelIsExitThree() throws IOException {
        byte[] all = Files.readAllBytes(Path.of(fixture("dense_2d", "h5")));
        Path cut = tmp.resolve("cut.h5");
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        CliRun r = CliRun.of("validate", cut.toString(), fixture("dense_2d", "npz"));
        assertThat(r.exit()).isEqualTo(3);
        assertOneLineNamingTheFile(r, "cut.h5");
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliRun r = CliRun.of("inspect", "--verbose", tmp.resolve("nope.h5").toString());
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("\tat ");
    }

    @Test
    void usageErrorsAreExitTwo() {
        assertThat(CliRun.of("inspect").exit()).isEqualTo(2);
        assertThat(CliRun.of("frobnicate").exit()).isEqualTo(2);
        assertThat(CliRun.of("validate", "--atol", "-1", fixture("dense_2d", "h5"), fixture("dense_2d", "npz")).exit())
                .isEqualTo(2);
        assertThat(CliRun.of("predict", fixture("dense_2d", "h5"), "--input", tmp.resolve("none.npz").toString(),
                "--output", tmp.resolve("o.npz").toString()).exit()).isEqualTo(2);
    }

    @Test
    void lambdaModelIsRefusedWithExitThree() {
        CliRun r = CliRun.of("inspect", fixture("lambda_layer", "keras"));
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("Lambda").contains("never executes");
    }

    private static void assertOneLineNamingTheFile(CliRun r, String file) {
        assertThat(r.err().strip()).doesNotContain("\n").contains(file).startsWith("keras2j: ");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
