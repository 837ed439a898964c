package dev.keras2j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.keras2j.model.NdArray;
import dev.keras2j.reference.NpzReader;
import dev.keras2j.reference.NpzWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.keras2j.cli.CliRun.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** inspect and validate on a Keras model with two inputs (fixtures/cases/dist.py). */
class MultiInputCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void inspectJsonNamesEveryInputAndOutputShape() {
        CliRun r = CliRun.of("inspect", "--json", fixture("functional_two_inputs", "keras"));
        assertThat(r.exit()).as(r.err()).isZero();
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        JsonArray inputs = o.getAsJsonArray("input_shapes");
        assertThat(inputs).hasSize(2);
        assertThat(inputs.get(0).getAsJsonObject().get("name").getAsString()).isEqualTo("features");
        assertThat(inputs.get(0).getAsJsonObject().get("shape").toString()).isEqualTo("[null,6]");
        assertThat(inputs.get(1).getAsJsonObject().get("name").getAsString()).isEqualTo("metadata");
        assertThat(inputs.get(1).getAsJsonObject().get("shape").toString()).isEqualTo("[null,3]");
        JsonArray outputs = o.getAsJsonArray("output_shapes");
        assertThat(outputs).hasSize(1);
        assertThat(outputs.get(0).getAsJsonObject().get("name").getAsString()).isEqualTo("head");
        assertThat(outputs.get(0).getAsJsonObject().get("shape").toString()).isEqualTo("[null,3]");
        // The fields single-output readers use are kept.
        assertThat(o.get("input_shape").toString()).isEqualTo("[null,6]");
        assertThat(o.get("output_shape").toString()).isEqualTo("[null,3]");
    }

    @Test
    void validatePerLayerComparesEveryLayerOfATwoInputModel() {
        CliRun r = CliRun.of("validate", "--per-layer", "--json", fixture("functional_two_inputs", "h5"),
                fixture("functional_two_inputs", "npz"));
        assertThat(r.exit()).as(r.err()).isZero();
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(o.get("passed").getAsBoolean()).isTrue();
        assertThat(o.getAsJsonArray("layers")).hasSize(4);
        assertThat(o.get("first_divergent_layer").isJsonNull()).isTrue();
    }

    @Test
    void validatePerLayerNamesTheFirstDivergentLayerOfATwoInputModel() {
        Map<String, NdArray> arrays = new LinkedHashMap<>(NpzReader.read(Path.of(fixture("functional_two_inputs", "npz"))));
        NdArray joined = arrays.get("layer/joined");
        float[] wrong = joined.data().clone();
        wrong[wrong.length - 1] += 0.5f;
        arrays.put("layer/joined", NdArray.of(wrong, joined.shape()));
        Path bad = tmp.resolve("bad.npz");
        NpzWriter.write(bad, arrays);
        CliRun r = CliRun.of("validate", "--per-layer", "--json", fixture("functional_two_inputs", "h5"), bad.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(o.get("first_divergent_layer").getAsString()).isEqualTo("joined");
    }
}
