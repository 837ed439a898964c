package dev.keras2j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.keras2j.model.NdArray;
import dev.keras2j.reference.NpzReader;
import dev.keras2j.reference.NpzWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class BatchCommandTest {
    @TempDir
    Path tmp;
    Path in;
    Path out;

    @BeforeEach
    void inputs() throws IOException {
        in = tmp.resolve("in");
        out = tmp.resolve("out");
        // Good models in all three formats; dense_2d.h5 and dense_2d.keras share a stem.
        copy(Fixtures.model("dense_2d", ".h5"), "good/dense_2d.h5");
        copy(Fixtures.model("dense_2d", ".keras"), "good/dense_2d.keras");
        copy(Fixtures.model("dense_3d", ".json"), "pair/net.json");
        copy(Fixtures.model("dense_3d", ".weights.h5"), "pair/net.weights.h5");
        copy(Fixtures.model("dense_4d", ".h5"), "deep/a/b/four.h5");
        // Not models: a weights file alone, a reference, a JSON that is not an architecture.
        copy(Fixtures.model("dense_4d", ".weights.h5"), "weights/lonely.weights.h5");
        copy(Fixtures.model("dense_2d", ".npz"), "good/dense_2d.npz");
        write("notes/index.json", "{\"cases\": []}".getBytes(StandardCharsets.UTF_8));
        // A layer DL4J cannot compute exactly.
        copy(Fixtures.model("activation_log_softmax", ".h5"), "refused/log_softmax.h5");
        // Broken files that claim to be models.
        byte[] h5 = Files.readAllBytes(Fixtures.model("dense_2d", ".h5"));
        write("broken/truncated.h5", Arrays.copyOf(h5, h5.length / 2));
        write("broken/text.h5", "this is not an HDF5 file\n".getBytes(StandardCharsets.UTF_8));
        write("broken/empty.h5", new byte[0]);
        write("broken/wrong.json", "{\"class_name\": \"Sequential\", \"config\": {\"layers\": [".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyModelIsReportedWithItsStatusAndReason() throws IOException {
        Path report = tmp.resolve("r.json");
        CliRun run = CliRun.of("batch", in.toString(), "--to", "dl4j", "-o", out.toString(), "--jobs", "3",
                "--report", report.toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        Map<String, JsonObject> models = byInput(report);
        assertThat(models.keySet()).containsExactlyInAnyOrder("good/dense_2d.h5", "good/dense_2d.keras", "pair/net.json",
                "deep/a/b/four.h5", "refused/log_softmax.h5", "broken/truncated.h5", "broken/text.h5",
                "broken/empty.h5", "broken/wrong.json");
        for (String ok : List.of("good/dense_2d.h5", "good/dense_2d.keras", "pair/net.json", "deep/a/b/four.h5")) {
            assertThat(models.get(ok).get("status").getAsString()).as(ok).isEqualTo("converted");
        }
        assertThat(models.get("pair/net.json").get("weights").getAsString()).endsWith("net.weights.h5");
        assertThat(models.get("pair/net.json").get("format").getAsString()).isEqualTo("json");
        assertThat(models.get("good/dense_2d.keras").get("format").getAsString()).isEqualTo("keras");
        assertThat(models.get("deep/a/b/four.h5").get("params").getAsLong()).isPositive();
        assertThat(models.get("deep/a/b/four.h5").getAsJsonArray("layers")).isNotEmpty();

        JsonObject refused = models.get("refused/log_softmax.h5");
        assertThat(refused.get("status").getAsString()).isEqualTo("refused");
        assertThat(refused.get("reason").getAsString()).contains("(Activation)");
        assertThat(refused.get("output").isJsonNull()).isTrue();

        assertThat(status(models, "broken/truncated.h5")).isEqualTo("error");
        assertThat(reason(models, "broken/truncated.h5")).contains("truncated");
        assertThat(status(models, "broken/text.h5")).isEqualTo("error");
        assertThat(reason(models, "broken/text.h5")).contains("not a Keras model");
        assertThat(status(models, "broken/empty.h5")).isEqualTo("error");
        assertThat(reason(models, "broken/empty.h5")).contains("empty.h5");
        assertThat(status(models, "broken/wrong.json")).isEqualTo("error");
        assertThat(reason(models, "broken/wrong.json")).contains("wrong.json");

        // Outputs mirror the input tree; colliding stems keep their extension.
        assertThat(out.resolve("good/dense_2d.h5.zip")).isRegularFile();
        assertThat(out.resolve("good/dense_2d.keras.zip")).isRegularFile();
        assertThat(out.resolve("pair/net.zip")).isRegularFile();
        assertThat(out.resolve("deep/a/b/four.zip")).isRegularFile();
        assertThat(outputFiles()).containsExactlyInAnyOrder("good/dense_2d.h5.zip", "good/dense_2d.keras.zip",
                "pair/net.zip", "deep/a/b/four.zip", BatchManifest.FILE_NAME);

        assertThat(run.out()).contains("converted 4").contains("refused 1").contains("error 4")
                .contains("broken/text.h5").doesNotContain("good/dense_2d.h5 ");
        assertThat(run.err().lines().filter(l -> l.startsWith("["))).hasSize(9);
    }

    @Test
    void aSecondRunSkipsWhatIsUpToDateAndRedoesChangedInputs() throws IOException {
        CliRun first = CliRun.of("batch", in.toString(), "--to", "dl4j", "-o", out.toString());
        assertThat(first.exit()).isEqualTo(1);
        Path report = tmp.resolve("r2.json");

        CliRun second = CliRun.of("batch", in.toString(), "--to", "dl4j", "-o", out.toString(), "--report", report.toString());
        assertThat(second.exit()).isEqualTo(1);
        Map<String, JsonObject> models = byInput(report);
        for (String ok : List.of("good/dense_2d.h5", "good/dense_2d.keras", "pair/net.json", "deep/a/b/four.h5")) {
            assertThat(status(models, ok)).as(ok).isEqualTo("skipped");
            assertThat(models.get(ok).get("output").getAsString()).endsWith(".zip");
        }
        assertThat(status(models, "broken/empty.h5")).isEqualTo("error");

        // Changing the weights of the JSON pair changes its content hash.
        Files.copy(Fixtures.model("dense_3d", ".weights.h5"), in.resolve("pair/net.weights.h5"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        byte[] other = Files.readAllBytes(Fixtures.model("dense_2d", ".h5"));
        Files.write(in.resolve("deep/a/b/four.h5"), other);
        CliRun third = CliRun.of("batch", in.toString(), "--to", "dl4j", "-o", out.toString(), "--report", report.toString());
        models = byInput(report);
        assertThat(status(models, "deep/a/b/four.h5")).isEqualTo("converted");
        assertThat(status(models, "pair/net.json")).isEqualTo("skipped");
        assertThat(third.exit()).isEqualTo(1);

        CliRun forced = CliRun.of("batch", in.resolve("good").toString(), "--to", "dl4j", "-o", out.resolve("good").toString(),
                "--overwrite", "--report", report.toString());
        assertThat(forced.exit()).isZero();
        assertThat(byInput(report).values()).allSatisfy(m -> assertThat(m.get("status").getAsString()).isEqualTo("converted"));
    }

    @Test
    void anInterruptedRunIsFinishedAndItsLeftoversRemoved() throws IOException {
        Path good = in.resolve("good");
        Path goodOut = tmp.resolve("good-out");
        assertThat(CliRun.of("batch", good.toString(), "--to", "dl4j", "-o", goodOut.toString()).exit()).isZero();
        // Simulate a kill: one output missing, a half-written export in the staging folder, a temporary report.
        Files.delete(goodOut.resolve("dense_2d.keras.zip"));
        Path staging = Files.createDirectories(goodOut.resolve(".keras2j-tmp-staging"));
        Files.write(staging.resolve("3f1c.zip"), new byte[] {'P', 'K', 3});
        Files.write(goodOut.resolve(".keras2j-tmp-81723.part"), new byte[] {'{'});

        Path report = tmp.resolve("resume.json");
        CliRun resumed = CliRun.of("batch", good.toString(), "--to", "dl4j", "-o", goodOut.toString(), "--report", report.toString());

        assertThat(resumed.exit()).as(resumed.err()).isZero();
        Map<String, JsonObject> models = byInput(report, good);
        assertThat(status(models, "dense_2d.keras")).isEqualTo("converted");
        assertThat(status(models, "dense_2d.h5")).isEqualTo("skipped");
        try (Stream<Path> s = Files.walk(goodOut)) {
            assertThat(s.map(p -> goodOut.relativize(p).toString()).filter(n -> !n.isEmpty()))
                    .containsExactlyInAnyOrder("dense_2d.h5.zip", "dense_2d.keras.zip", BatchManifest.FILE_NAME);
        }
    }

    @Test
    void validationComparesTheExportWithTheReferenceBesideTheModel() throws IOException {
        Path v = tmp.resolve("v");
        Files.createDirectories(v.resolve("ok"));
        Files.createDirectories(v.resolve("bad"));
        Files.copy(Fixtures.model("dense_2d", ".keras"), v.resolve("ok/dense_2d.keras"));
        Files.copy(Fixtures.model("dense_2d", ".npz"), v.resolve("ok/dense_2d.npz"));
        Files.copy(Fixtures.model("dense_3d", ".h5"), v.resolve("ok/noref.h5"));
        // A reference whose expected outputs are off by one everywhere.
        Files.copy(Fixtures.model("dense_2d", ".h5"), v.resolve("bad/dense_2d.h5"));
        Map<String, NdArray> arrays = new LinkedHashMap<>(NpzReader.read(Fixtures.model("dense_2d", ".npz")));
        NdArray expected = arrays.get("output").copy();
        for (int i = 0; i < expected.size(); i++) {
            expected.data()[i] += 1f;
        }
        arrays.put("output", expected);
        NpzWriter.write(v.resolve("bad/dense_2d.npz"), arrays);

        Path report = tmp.resolve("v.json");
        Path vout = tmp.resolve("vout");
        CliRun run = CliRun.of("batch", v.toString(), "--to", "dl4j", "-o", vout.toString(), "--validate",
                "--report", report.toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        Map<String, JsonObject> models = byInput(report, v);
        assertThat(status(models, "ok/dense_2d.keras")).isEqualTo("validated");
        assertThat(reason(models, "ok/dense_2d.keras")).contains("dense_2d.npz");
        assertThat(models.get("ok/dense_2d.keras").get("max_abs_err").getAsDouble()).isLessThan(1e-5);
        assertThat(status(models, "ok/noref.h5")).isEqualTo("validated");
        assertThat(reason(models, "ok/noref.h5")).contains("seeded random input");
        assertThat(status(models, "bad/dense_2d.h5")).isEqualTo("mismatch");
        assertThat(models.get("bad/dense_2d.h5").get("max_abs_err").getAsDouble()).isGreaterThan(0.5);
        assertThat(models.get("bad/dense_2d.h5").get("output").isJsonNull()).isTrue();
        assertThat(vout.resolve("bad/dense_2d.zip")).doesNotExist();
        assertThat(vout.resolve("ok/dense_2d.zip")).isRegularFile();
    }

    @Test
    void reportsAreWellFormed() throws Exception {
        Path json = tmp.resolve("reports/r.json");
        Path junit = tmp.resolve("reports/j.xml");
        Path html = tmp.resolve("reports/h.html");
        CliRun run = CliRun.of("batch", in.toString(), "--to", "dl4j", "-o", out.toString(), "--report", json.toString(),
                "--junit", junit.toString(), "--html", html.toString());
        assertThat(run.exit()).isEqualTo(1);

        JsonObject root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertThat(root.getAsJsonObject("counts").get("error").getAsInt()).isEqualTo(4);
        JsonArray models = root.getAsJsonArray("models");
        assertThat(models).hasSize(9);
        for (JsonElement e : models) {
            assertThat(e.getAsJsonObject().keySet()).contains("input", "output", "status", "reason", "format",
                    "keras_version", "layers", "params", "max_abs_err", "seconds");
        }

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("9");
        assertThat(suite.getAttribute("errors")).isEqualTo("4");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(9);
        NodeList errors = xml.getElementsByTagName("error");
        assertThat(errors.getLength()).isEqualTo(4);
        assertThat(((Element) xml.getElementsByTagName("failure").item(0)).getAttribute("type")).isEqualTo("refused");

        String page = Files.readString(html);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(html.toFile());
        assertThat(doc.getElementsByTagName("tr").getLength()).isGreaterThan(9);
        assertThat(page).contains("<style>").contains("<script>").contains("data-status=\"refused\"")
                .contains("broken/wrong.json").contains("<details>").contains("Dense")
                .doesNotContain(" src=").doesNotContain(" href=").doesNotContain("url(").doesNotContain("@import");
        try (Stream<Path> s = Files.list(json.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("r.json", "j.xml", "h.html");
        }
    }

    @Test
    void usageErrorsExitWithTwo() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThat(CliRun.of("batch", empty.toString(), "--to", "dl4j", "-o", out.toString()).exit()).isEqualTo(2);
        Path onlyData = Files.createDirectories(tmp.resolve("data"));
        Files.copy(Fixtures.model("dense_2d", ".npz"), onlyData.resolve("x.npz"));
        CliRun noModels = CliRun.of("batch", onlyData.toString(), "--to", "dl4j", "-o", out.toString());
        assertThat(noModels.exit()).isEqualTo(2);
        assertThat(noModels.err()).contains("no models found");
        assertThat(CliRun.of("batch", tmp.resolve("missing").toString(), "--to", "dl4j", "-o", out.toString()).exit())
                .isEqualTo(2);
        Path file = Files.writeString(tmp.resolve("file.txt"), "x");
        CliRun outIsFile = CliRun.of("batch", in.toString(), "--to", "dl4j", "-o", file.toString());
        assertThat(outIsFile.exit()).isEqualTo(2);
        assertThat(outIsFile.err()).contains("not a folder");
        assertThat(CliRun.of("batch", in.toString(), "--to", "dl4j", "-o", out.toString(), "--jobs", "0").exit()).isEqualTo(2);
        CliRun badTarget = CliRun.of("batch", in.toString(), "--to", "tflite", "-o", out.toString());
        assertThat(badTarget.exit()).isEqualTo(2);
        assertThat(badTarget.err()).contains("supported: dl4j, onnx");
        CliRun opsetForDl4j = CliRun.of("batch", in.toString(), "--to", "dl4j", "--opset", "17", "-o", out.toString());
        assertThat(opsetForDl4j.exit()).isEqualTo(2);
        assertThat(opsetForDl4j.err()).contains("--opset applies to --to onnx only");
        assertThat(out).doesNotExist();
    }

    @Test
    void globsSelectModels() throws IOException {
        Path report = tmp.resolve("g.json");
        CliRun run = CliRun.of("batch", in + "/good/*.h5", in + "/pair/*.json", "--to", "dl4j", "-o", out.toString(),
                "--report", report.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(byInput(report).keySet()).containsExactlyInAnyOrder("good/dense_2d.h5", "pair/net.json");
        assertThat(out.resolve("dense_2d.zip")).isRegularFile();
        assertThat(out.resolve("net.zip")).isRegularFile();
    }

    private Map<String, JsonObject> byInput(Path report) throws IOException {
        return byInput(report, in);
    }

    /** The report's entries keyed by input path relative to {@code base}. */
    private static Map<String, JsonObject> byInput(Path report, Path base) throws IOException {
        JsonObject root = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
        Map<String, JsonObject> byInput = new HashMap<>();
        for (JsonElement e : root.getAsJsonArray("models")) {
            JsonObject m = e.getAsJsonObject();
            Path input = Path.of(m.get("input").getAsString());
            byInput.put(base.toAbsolutePath().relativize(input).toString().replace('\\', '/'), m);
        }
        return byInput;
    }

    private static String status(Map<String, JsonObject> models, String input) {
        return models.get(input).get("status").getAsString();
    }

    private static String reason(Map<String, JsonObject> models, String input) {
        return models.get(input).get("reason").getAsString();
    }

    private List<String> outputFiles() throws IOException {
        try (Stream<Path> s = Files.walk(out)) {
            return s.filter(Files::isRegularFile).map(p -> out.relativize(p).toString().replace('\\', '/')).toList();
        }
    }

    private void copy(Path from, String to) throws IOException {
        Path target = in.resolve(to);
        Files.createDirectories(target.getParent());
        Files.copy(from, target);
    }

    private void write(String to, byte[] bytes) throws IOException {
        Path target = in.resolve(to);
        Files.createDirectories(target.getParent());
        Files.write(target, bytes);
    }
}
