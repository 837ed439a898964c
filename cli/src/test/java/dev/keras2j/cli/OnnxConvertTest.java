package dev.keras2j.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.keras2j.model.NdArray;
import dev.keras2j.reference.NpzReader;
import dev.keras2j.reference.NpzWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.keras2j.cli.CliRun.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code convert --to onnx} and {@code batch --to onnx} as a user runs them. */
class OnnxConvertTest {
    @TempDir
    Path tmp;

    private List<String> folder() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void convertWritesAVerifiedFileAtTheRequestedOpset() throws IOException {
        Path out = tmp.resolve("cnn.onnx");
        CliRun r = CliRun.of("convert", fixture("shapes_cnn", "keras"), "--to", "onnx", "-o", out.toString(),
                "--opset", "13", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(o.get("target").getAsString()).isEqualTo("onnx");
        assertThat(o.get("opset").getAsInt()).isEqualTo(13);
        assertThat(o.get("passed").getAsBoolean()).isTrue();
        assertThat(o.getAsJsonArray("checks").get(0).getAsJsonObject().get("against").getAsString())
                .startsWith("keras2j runtime");
        assertThat(folder()).containsExactly("cnn.onnx");
        // The ONNX magic: a ModelProto starts with field 1 (ir_version), varint.
        assertThat(Files.readAllBytes(out)[0]).isEqualTo((byte) 0x08);
    }

    @Test
    void convertComparesWithTheReferenceAndRefusesToOverwrite() throws IOException {
        Path out = tmp.resolve("d.onnx");
        CliRun r = CliRun.of("convert", fixture("dense_2d", "h5"), "--to", "onnx", "-o", out.toString(),
                "--reference", fixture("dense_2d", "npz"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("ONNX export vs dense_2d.npz: PASS").contains("opset 23");
        CliRun again = CliRun.of("convert", fixture("dense_2d", "h5"), "--to", "onnx", "-o", out.toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("--overwrite");
        assertThat(CliRun.of("convert", fixture("dense_2d", "h5"), "--to", "onnx", "-o", out.toString(),
                "--overwrite").exit()).isZero();
        assertThat(folder()).containsExactly("d.onnx");
    }

    @Test
    void aFailedVerificationLeavesNothingAndExitsOne() throws IOException {
        Map<String, NdArray> ref = new HashMap<>(NpzReader.read(Path.of(fixture("dense_2d", "npz"))));
        NdArray output = ref.get("output").copy();
        output.data()[0] += 1f;
        ref.put("output", output);
        Path wrong = tmp.resolve("wrong.npz");
        NpzWriter.write(wrong, ref);
        Path out = tmp.resolve("d.onnx");
        CliRun r = CliRun.of("convert", fixture("dense_2d", "keras"), "--to", "onnx", "-o", out.toString(),
                "--reference", wrong.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL");
        assertThat(folder()).containsExactly("wrong.npz");
    }

    @Test
    void aRefusedLayerExitsThreeNamingItAndLeavesNothing() throws IOException {
        Path out = tmp.resolve("m.onnx");
        CliRun r = CliRun.of("convert", fixture("masking_lstm", "keras"), "--to", "onnx", "-o", out.toString());
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err().strip()).startsWith("keras2j: ").contains("(Masking): masks have no exact ONNX form")
                .doesNotContain("\n").doesNotContain("Exception");
        assertThat(folder()).isEmpty();
    }

    @Test
    void anOpsetOutsideTheRangeIsAUsageError() {
        CliRun r = CliRun.of("convert", fixture("dense_2d", "keras"), "--to", "onnx", "-o",
                tmp.resolve("x.onnx").toString(), "--opset", "24");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("13..23");
    }

    @Test
    void batchExportsAndValidatesEachModel() throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.copy(Path.of(fixture("dense_2d", "keras")), in.resolve("dense_2d.keras"));
        Files.copy(Path.of(fixture("dense_2d", "npz")), in.resolve("dense_2d.npz"));
        Files.copy(Path.of(fixture("masking_lstm", "keras")), in.resolve("masked.keras"));
        Path out = tmp.resolve("out");
        Path report = tmp.resolve("r.json");
        CliRun r = CliRun.of("batch", in.toString(), "--to", "onnx", "-o", out.toString(), "--validate", "--jobs", "1",
                "--report", report.toString());
        assertThat(r.exit()).isEqualTo(1);
        String json = Files.readString(report);
        assertThat(json).contains("\"status\": \"validated\"").contains("\"status\": \"refused\"");
        assertThat(out.resolve("dense_2d.onnx")).exists();
        assertThat(out.resolve("masked.onnx")).doesNotExist();
    }
}
