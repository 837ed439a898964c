package dev.keras2j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.keras2j.KerasModel;
import dev.keras2j.model.NdArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code keras2j score} in-process on an embedded Spark (local[2]): JSON-lines and CSV data in, JSON and
 * CSV out (read back here without Spark), outputs equal to {@link KerasModel#predict} bit for bit; and the
 * exit codes of bad rows, bad columns, an existing output and a refused model.
 */
class ScoreCommandTest {
    private static final String MASTER = "local[2]";

    @Test
    void jsonLinesInJsonOutWithDefaultColumns(@TempDir Path dir) throws IOException {
        KerasModel model = KerasModel.load(Fixtures.model("dense_activations", ".h5"));
        Path data = dir.resolve("data.json");
        Map<Integer, float[]> rows = randomRows(40, 5, 1);
        List<String> lines = new ArrayList<>();
        rows.forEach((id, x) -> lines.add("{\"id\": " + id + ", \"input\": " + json(x) + "}"));
        Files.write(data, lines);
        Path out = dir.resolve("scored");
        CliRun run = CliRun.of("score", Fixtures.model("dense_activations", ".h5").toString(), "--input",
                data.toString(), "--output", out.toString(), "--format", "json", "--batch", "7", "--master", MASTER);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("columns id, input, output");
        List<JsonObject> scored = readJsonLines(out);
        assertThat(scored).hasSize(40);
        for (JsonObject row : scored) {
            float[] x = rows.get(row.get("id").getAsInt());
            float[] expected = model.predict(NdArray.of(x.clone(), 1, 5)).data();
            assertThat(bits(floats(row.getAsJsonArray("output")))).isEqualTo(bits(expected));
        }
    }

    @Test
    void csvWithTwoInputsNamedColumns(@TempDir Path dir) throws IOException {
        Path file = Fixtures.model("two_inputs_dense_seq", ".keras");
        KerasModel model = KerasModel.load(file);
        Map<Integer, float[]> a = randomRows(9, 5, 2);
        Map<Integer, float[]> b = randomRows(9, 12, 3);
        List<String> lines = new ArrayList<>(List.of("id,features,sequence"));
        for (int id = 0; id < 9; id++) {
            lines.add(id + ",\"" + json(a.get(id)) + "\",\"" + json(b.get(id)) + "\"");
        }
        Path data = dir.resolve("data.csv");
        Files.write(data, lines);
        Path out = dir.resolve("scored");
        CliRun run = CliRun.of("score", file.toString(), "--input", data.toString(), "--output", out.toString(),
                "--input-col", "features", "--input-col", "sequence", "--output-col", "probs", "--format", "csv",
                "--master", MASTER);
        assertThat(run.exit()).as(run.err()).isZero();
        List<String> csv = readParts(out, ".csv");
        assertThat(csv.get(0)).isEqualTo("id,features,sequence,probs");
        assertThat(csv).hasSize(10);
        for (String line : csv.subList(1, csv.size())) {
            int id = Integer.parseInt(line.substring(0, line.indexOf(',')));
            String probs = line.substring(line.lastIndexOf("\"["), line.length() - 1).substring(1);
            float[] expected = model.predict(List.of(NdArray.of(a.get(id).clone(), 1, 5),
                    NdArray.of(b.get(id).clone(), 1, 4, 3))).get(0).data();
            assertThat(bits(floats(JsonParser.parseString(probs).getAsJsonArray()))).isEqualTo(bits(expected));
        }
    }

    @Test
    void aBadRowFailsWithExitOneAndLeavesNothing(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("data.json");
        Files.write(data, List.of("{\"input\": [1, 2, 3, 4, 5]}", "{\"input\": [1, 2, 3, 4]}"));
        Path out = dir.resolve("scored");
        CliRun run = CliRun.of("score", Fixtures.model("dense_activations", ".h5").toString(), "--input",
                data.toString(), "--output", out.toString(), "--master", MASTER);
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.err().strip()).matches("keras2j: .*data.json: row 1 of partition 0: column 'input' has 4 "
                + "values; the model's input of shape \\(5,\\) takes 5");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("data.json");
        }
        // with --on-error null the row is kept, its output null and the reason beside it
        run = CliRun.of("score", Fixtures.model("dense_activations", ".h5").toString(), "--input",
                data.toString(), "--output", out.toString(), "--master", MASTER, "--on-error", "null",
                "--format", "json");
        assertThat(run.exit()).as(run.err()).isZero();
        List<JsonObject> rows = readJsonLines(out);
        assertThat(rows).hasSize(2);
        JsonObject bad = rows.stream().filter(r -> r.has("error")).findFirst().orElseThrow();
        assertThat(bad.has("output")).isFalse();
        assertThat(bad.get("error").getAsString()).contains("has 4 values");
    }

    @Test
    void usageErrorsAndARefusedModelFailBeforeSpark(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("data.json");
        Files.write(data, List.of("{\"x\": [1, 2, 3, 4, 5]}"));
        String mlp = Fixtures.model("dense_activations", ".h5").toString();
        CliRun missingColumn = CliRun.of("score", mlp, "--input", data.toString(), "--output",
                dir.resolve("o1").toString(), "--master", MASTER);
        assertThat(missingColumn.exit()).isEqualTo(2);
        assertThat(missingColumn.err()).contains("no input column 'input' (columns: x)");
        Files.createDirectory(dir.resolve("exists"));
        CliRun exists = CliRun.of("score", mlp, "--input", data.toString(), "--output",
                dir.resolve("exists").toString(), "--master", MASTER);
        assertThat(exists.exit()).isEqualTo(2);
        assertThat(exists.err()).contains("exists");
        CliRun refused = CliRun.of("score", Fixtures.model("lambda_layer", ".h5").toString(), "--input",
                data.toString(), "--output", dir.resolve("o2").toString(), "--master", "no-such-master://x");
        // an unusable master proves Spark never started: the model was refused first
        assertThat(refused.exit()).isEqualTo(3);
        assertThat(refused.err().strip().lines()).hasSize(1);
        assertThat(refused.err()).contains("Lambda");
        CliRun json = CliRun.of("score", Fixtures.model("dense_activations", ".json").toString(), "--input",
                data.toString(), "--output", dir.resolve("o3").toString(), "--master", "no-such-master://x");
        assertThat(json.exit()).isEqualTo(2);
        assertThat(json.err()).contains("score reads a .h5 or .keras file");
        assertThat(dir.resolve("o1")).doesNotExist();
        assertThat(dir.resolve("o2")).doesNotExist();
    }

    private static Map<Integer, float[]> randomRows(int n, int width, long seed) {
        Random random = new Random(seed);
        Map<Integer, float[]> rows = new HashMap<>();
        for (int i = 0; i < n; i++) {
            float[] x = new float[width];
            for (int k = 0; k < width; k++) {
                x[k] = (float) random.nextGaussian();
            }
            rows.put(i, x);
        }
        return rows;
    }

    /** Floats as JSON numbers; Float.toString round-trips, so the data holds exactly these floats. */
    private static String json(float[] x) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < x.length; i++) {
            s.append(i == 0 ? "" : ", ").append(x[i]);
        }
        return s.append(']').toString();
    }

    private static float[] floats(JsonArray a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = Float.parseFloat(a.get(i).getAsString());
        }
        return f;
    }

    private static int[] bits(float[] f) {
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = Float.floatToRawIntBits(f[i]);
        }
        return b;
    }

    private static List<JsonObject> readJsonLines(Path out) throws IOException {
        List<JsonObject> rows = new ArrayList<>();
        for (String line : readParts(out, ".json")) {
            rows.add(JsonParser.parseString(line).getAsJsonObject());
        }
        return rows;
    }

    /** The lines of Spark's part files, in order; a CSV header appears once, from the first part. */
    private static List<String> readParts(Path out, String ext) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> parts = Files.list(out)) {
            for (Path p : parts.filter(p -> p.getFileName().toString().startsWith("part-")
                    && p.toString().endsWith(ext)).sorted().toList()) {
                List<String> part = Files.readAllLines(p);
                lines.addAll(lines.isEmpty() ? part : part.subList(ext.equals(".csv") ? 1 : 0, part.size()));
            }
        }
        return lines;
    }
}
