package dev.keras2j;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.keras2j.keras.KerasModelReader;
import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.reference.Comparison;
import dev.keras2j.reference.LayerComparison;
import dev.keras2j.reference.Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tf.keras 2.x models of {@code fixtures/tfop} (TFOpLambda / SlicingOpLambda layers written by TensorFlow's
 * legacy tf.keras, see {@code fixtures/tfop/generate_tfop.py}), from their {@code .h5} and their {@code .json} +
 * legacy weights: shapes and parameters agree with tf.keras, every layer's output matches the reference, and
 * the cases tf.keras builds with a function or option keras2j refuses are refused naming it.
 */
class TfOpLambdaFixturesTest {
    private static final Path DIR = Path.of(System.getProperty("keras2j.root", "..")).resolve("fixtures/tfop");

    static Stream<Arguments> cases() throws IOException {
        JsonObject index = JsonParser.parseString(Files.readString(DIR.resolve("index.json"))).getAsJsonObject();
        List<Arguments> out = new ArrayList<>();
        for (JsonElement e : index.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            for (String format : List.of("h5", "json")) {
                out.add(Arguments.of(c.get("name").getAsString(), format, c));
            }
        }
        assertThat(out).as("tfop fixtures").hasSizeGreaterThanOrEqualTo(10);
        return out.stream();
    }

    private static Path file(String name, String format) {
        return DIR.resolve("models").resolve(name).resolve(name + "." + format);
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("cases")
    void runsAsTfKerasDoes(String name, String format, JsonObject c) {
        if (!c.get("runnable").getAsBoolean()) {
            assertThatThrownBy(() -> KerasModel.load(file(name, format)))
                    .isInstanceOf(UnsupportedModelException.class)
                    .hasMessageContaining(name + "." + format)
                    .hasMessageContaining(c.get("refusal").getAsString());
            return;
        }
        CheckedModel m = ModelChecker.check(KerasModelReader.read(file(name, format), null));
        assertThat(m.totalParams()).as("total params").isEqualTo(c.get("total_params").getAsLong());
        for (JsonElement le : c.getAsJsonArray("layers")) {
            JsonObject l = le.getAsJsonObject();
            if (l.get("class_name").getAsString().equals("InputLayer")) {
                continue;
            }
            CheckedLayer layer = m.layer(l.get("name").getAsString());
            assertThat(layer.params()).as(layer.name() + " params").isEqualTo(l.get("params").getAsLong());
            assertThat(FixtureModelsTest.shapeList(layer.outputShape())).as(layer.name() + " output shape")
                    .isEqualTo(FixtureModelsTest.jsonShape(l.getAsJsonArray("output_shape")));
        }
        KerasModel model = KerasModel.load(file(name, format));
        Reference ref = Reference.load(file(name, "npz"));
        Map<String, NdArray> layers = model.predictLayers(ref.inputs());
        LayerComparison perLayer = LayerComparison.of(layers, ref.layerOutputs());
        assertThat(ref.layerOutputs()).as("per-layer references").hasSizeGreaterThan(5);
        assertThat(perLayer.notInRuntime()).as("reference layers the runtime did not produce").isEmpty();
        assertThat(perLayer.firstDivergent()).as("first divergent layer").isEmpty();
        Comparison out = Comparison.of(model.predict(ref.inputs()).get(0), ref.outputs().get(0));
        assertThat(out.passed()).as(out.summary()).isTrue();
    }
}
