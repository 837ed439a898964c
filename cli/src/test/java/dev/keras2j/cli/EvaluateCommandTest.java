package dev.keras2j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
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
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EvaluateCommandTest {
    @TempDir
    Path tmp;

    @Test
    void trainedShapeModelsScoreWhatKerasMeasured() throws IOException {
        CliRun run = CliRun.of("evaluate", "--data", Fixtures.file("data/shapes_eval.npz").toString(),
                Fixtures.model("shapes_cnn", ".keras").toString(), Fixtures.model("shapes_rnn", ".keras").toString(),
                "--json", "--per-class");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonObject root = JsonParser.parseString(run.out()).getAsJsonObject();
        int n = root.get("examples").getAsInt();
        Map<String, Double> kerasAccuracy = kerasAccuracies();
        JsonArray models = root.getAsJsonArray("models");
        assertThat(models).hasSize(2);
        for (JsonElement e : models) {
            JsonObject m = e.getAsJsonObject();
            String name = m.get("name").getAsString();
            assertThat(m.get("input_key").getAsString()).isEqualTo("x_" + name);
            JsonArray cm = m.getAsJsonArray("confusion_matrix");
            long trace = 0;
            long total = 0;
            for (int t = 0; t < cm.size(); t++) {
                JsonArray row = cm.get(t).getAsJsonArray();
                for (int p = 0; p < row.size(); p++) {
                    total += row.get(p).getAsLong();
                }
                trace += row.get(t).getAsLong();
            }
            double accuracy = m.get("accuracy").getAsDouble();
            assertThat(total).isEqualTo(n);
            assertThat(accuracy).isEqualTo((double) trace / n);
            assertThat(accuracy).as(name).isCloseTo(kerasAccuracy.get(name), within(1e-9));

            // Macro averages are the means of the per-class values (every class occurs in the labels).
            JsonArray classes = m.getAsJsonArray("per_class");
            assertThat(classes).hasSize(4);
            double precision = 0;
            double f1 = 0;
            long support = 0;
            for (JsonElement c : classes) {
                JsonObject co = c.getAsJsonObject();
                precision += co.get("precision").getAsDouble() / classes.size();
                f1 += co.get("f1").getAsDouble() / classes.size();
                support += co.get("support").getAsLong();
            }
            assertThat(m.get("precision_macro").getAsDouble()).isCloseTo(precision, within(1e-12));
            assertThat(m.get("f1_macro").getAsDouble()).isCloseTo(f1, within(1e-12));
            assertThat(support).isEqualTo(n);
            assertThat(m.get("params").getAsLong()).isPositive();
            assertThat(m.get("latency_ms_per_example").getAsDouble()).isPositive();
            assertThat(m.get("throughput_examples_per_s").getAsDouble()).isPositive();
        }
    }

    @Test
    void theTableShowsModelsSideBySide() {
        CliRun run = CliRun.of("evaluate", "--data", Fixtures.file("data/shapes_eval.npz").toString(),
                Fixtures.model("shapes_cnn", ".keras").toString(), Fixtures.model("shapes_rnn", ".h5").toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("accuracy\\s+0\\.\\d{4}\\s+0\\.\\d{4}")
                .contains("Confusion matrix of shapes_cnn").contains("Confusion matrix of shapes_rnn")
                .doesNotContain("class 0 precision");
    }

    @Test
    void oneHotLabelsAndASharedInputGiveTheSameMetricsAsClassIds() throws IOException {
        // Labels are the classes Keras predicted for the fixture's inputs, so keras2j must agree on every one.
        Map<String, NdArray> ref = NpzReader.read(Fixtures.model("shapes_cnn", ".npz"));
        NdArray x = ref.get("input");
        NdArray expected = ref.get("output");
        int n = expected.dim(0);
        int classes = expected.dim(1);
        float[] ids = new float[n];
        float[] oneHot = new float[n * classes];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (expected.data()[i * classes + c] > expected.data()[i * classes + best]) {
                    best = c;
                }
            }
            ids[i] = best;
            oneHot[i * classes + best] = 1f;
        }
        Path byIds = tmp.resolve("ids.npz");
        Path byOneHot = tmp.resolve("onehot.npz");
        NpzWriter.write(byIds, new LinkedHashMap<>(Map.of("x", x, "y", NdArray.of(ids, n))));
        NpzWriter.write(byOneHot, new LinkedHashMap<>(Map.of("x", x, "y", NdArray.of(oneHot, n, classes))));

        JsonObject a = evaluateJson(byIds);
        JsonObject b = evaluateJson(byOneHot);
        assertThat(a.get("input_key").getAsString()).isEqualTo("x");
        assertThat(a.get("accuracy").getAsDouble()).isEqualTo(1.0);
        assertThat(a.get("confusion_matrix")).isEqualTo(b.get("confusion_matrix"));
        assertThat(a.get("f1_macro")).isEqualTo(b.get("f1_macro"));
    }

    @Test
    void dataWithoutLabelsOrInputsIsAUsageError() throws IOException {
        Path noY = tmp.resolve("noy.npz");
        NpzWriter.write(noY, Map.of("x", NdArray.zeros(2, 12, 12, 1)));
        CliRun run = CliRun.of("evaluate", "--data", noY.toString(), Fixtures.model("shapes_cnn", ".keras").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("'y'");

        Path noX = tmp.resolve("nox.npz");
        NpzWriter.write(noX, Map.of("y", NdArray.zeros(2)));
        CliRun run2 = CliRun.of("evaluate", "--data", noX.toString(), Fixtures.model("shapes_cnn", ".keras").toString());
        assertThat(run2.exit()).isEqualTo(2);
        assertThat(run2.err()).contains("x_shapes_cnn");
    }

    private JsonObject evaluateJson(Path data) {
        CliRun run = CliRun.of("evaluate", "--data", data.toString(), Fixtures.model("shapes_cnn", ".keras").toString(), "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        return JsonParser.parseString(run.out()).getAsJsonObject().getAsJsonArray("models").get(0).getAsJsonObject();
    }

    /** The accuracy Keras measured for each trained model, as recorded in fixtures/index.json. */
    private static Map<String, Double> kerasAccuracies() throws IOException {
        JsonObject index = JsonParser.parseString(Files.readString(Fixtures.file("index.json"))).getAsJsonObject();
        Map<String, Double> out = new HashMap<>();
        for (JsonElement c : index.getAsJsonArray("cases")) {
            JsonObject o = c.getAsJsonObject();
            if (o.has("accuracy")) {
                out.put(o.get("name").getAsString(), o.get("accuracy").getAsDouble());
            }
        }
        assertThat(out).containsKeys("shapes_cnn", "shapes_rnn");
        return out;
    }
}
