package dev.keras2j.export.onnx;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.keras2j.keras.KerasModelReader;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.NdArray;
import dev.keras2j.reference.Comparison;
import dev.keras2j.reference.NpzReader;
import dev.keras2j.runtime.RuntimeModel;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runnable tf.keras 2.x TFOpLambda / SlicingOpLambda fixtures of {@code fixtures/tfop} export to ONNX, and
 * ONNX Runtime's outputs match tf.keras's reference and keras2j's runtime at the validate tolerance.
 */
class TfOpOnnxTest {
    @TempDir
    static Path dir;

    static Stream<String> runnable() throws IOException {
        Path index = FixtureOnnxTest.root().resolve("fixtures/tfop/index.json");
        List<String> names = new ArrayList<>();
        JsonParser.parseString(Files.readString(index)).getAsJsonObject().getAsJsonArray("cases").forEach(c -> {
            JsonObject o = c.getAsJsonObject();
            if (o.get("runnable").getAsBoolean()) {
                names.add(o.get("name").getAsString());
            }
        });
        assertThat(names).hasSizeGreaterThanOrEqualTo(5);
        return names.stream();
    }

    @ParameterizedTest
    @MethodSource("runnable")
    void exportsAndMatches(String name) throws IOException {
        Path h5 = FixtureOnnxTest.root().resolve("fixtures/tfop/models").resolve(name).resolve(name + ".h5");
        CheckedModel model = ModelChecker.check(KerasModelReader.read(h5, null));
        Path out = dir.resolve(name + ".onnx");
        OnnxExporter.export(model, out, OnnxOptions.defaults(), true);
        Map<String, NdArray> ref = NpzReader.read(h5.resolveSibling(name + ".npz"));
        List<NdArray> inputs = new ArrayList<>();
        int n = model.spec().inputs().size();
        for (int i = 0; i < n; i++) {
            inputs.add(ref.get(n == 1 ? "input" : "input_" + i));
        }
        NdArray actual = OnnxVerifier.predict(out, inputs).get(0);
        Comparison vsTfKeras = Comparison.of(actual, ref.get("output"));
        Comparison vsRuntime = Comparison.of(actual, RuntimeModel.compile(model).predictAll(inputs).get(0));
        assertThat(vsTfKeras.passed()).as(name + " vs tf.keras: " + vsTfKeras.summary()).isTrue();
        assertThat(vsRuntime.passed()).as(name + " vs runtime: " + vsRuntime.summary()).isTrue();
    }
}
