package dev.keras2j;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.keras2j.keras.KerasModelReader;
import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.Keras2jException;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every Keras-made fixture in {@code fixtures/index.json}, in all three serializations: the checked
 * description agrees with Keras on shapes and parameter counts, and the runtime reproduces Keras's output
 * and every layer's output at the default tolerance — or the model is refused for the reason the index
 * records.
 */
class FixtureModelsTest {
    private static final Path FIXTURES = Path.of(System.getProperty("keras2j.root", "..")).resolve("fixtures");

    static Stream<Arguments> cases() throws IOException {
        JsonObject index = JsonParser.parseString(Files.readString(FIXTURES.resolve("index.json"))).getAsJsonObject();
        List<Arguments> out = new ArrayList<>();
        for (JsonElement e : index.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            String name = c.get("name").getAsString();
            for (String format : List.of("h5", "keras", "json")) {
                out.add(Arguments.of(name, format, c));
            }
        }
        return out.stream();
    }

    private static Path modelFile(String name, String format) {
        return FIXTURES.resolve("models").resolve(name).resolve(name + "." + format);
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("cases")
    void descriptionAgreesWithKeras(String name, String format, JsonObject c) {
        boolean runnable = c.get("runnable").getAsBoolean();
        if (!runnable && isReadRefusal(c)) {
            assertThatThrownBy(() -> ModelChecker.check(KerasModelReader.read(modelFile(name, format), null)))
                    .isInstanceOf(Keras2jException.class)
                    .hasMessageContaining(c.get("refusal").getAsString());
            return;
        }
        CheckedModel m = ModelChecker.check(KerasModelReader.read(modelFile(name, format), null));
        assertThat(m.totalParams()).as("total params").isEqualTo(c.get("total_params").getAsLong());
        assertThat(shapeList(m.outputShape())).as("output shape").isEqualTo(jsonShape(c.getAsJsonArray("output_shape")));
        for (JsonElement le : c.getAsJsonArray("layers")) {
            JsonObject l = le.getAsJsonObject();
            if (l.get("class_name").getAsString().equals("InputLayer") || isNestedModel(l)) {
                // A nested model is flattened into its layers; total params and output shape cover it.
                continue;
            }
            CheckedLayer layer = m.layer(l.get("name").getAsString());
            assertThat(layer.params()).as(layer.name() + " params").isEqualTo(l.get("params").getAsLong());
            if (l.get("output_shape").isJsonArray()) {
                assertThat(shapeList(layer.outputShape())).as(layer.name() + " output shape")
                        .isEqualTo(jsonShape(l.getAsJsonArray("output_shape")));
            }
        }
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("cases")
    void runtimeReproducesKeras(String name, String format, JsonObject c) {
        if (!c.get("runnable").getAsBoolean()) {
            assertThatThrownBy(() -> KerasModel.load(modelFile(name, format)))
                    .isInstanceOf(Keras2jException.class)
                    .hasMessageContaining(c.get("refusal").getAsString());
            return;
        }
        KerasModel model = KerasModel.load(modelFile(name, format));
        Reference ref = Reference.load(FIXTURES.resolve("models").resolve(name).resolve(name + ".npz"));
        List<NdArray> inputs = ref.inputs();
        Map<String, NdArray> layers = model.predictLayers(inputs);
        Map<String, NdArray> refLayers = new LinkedHashMap<>(ref.layerOutputs());
        for (JsonElement le : c.getAsJsonArray("layers")) {
            if (isNestedModel(le.getAsJsonObject())) {
                // Flattened away: its output is its output layer's, compared under that layer's name if recorded.
                refLayers.remove(le.getAsJsonObject().get("name").getAsString());
            }
        }
        LayerComparison perLayer = LayerComparison.of(layers, refLayers);
        assertThat(perLayer.notInRuntime()).as("reference layers the runtime did not produce").isEmpty();
        assertThat(perLayer.firstDivergent()).as("first divergent layer").isEmpty();
        Comparison out = Comparison.of(model.predict(inputs).get(0), ref.output());
        assertThat(out.passed()).as(out.summary()).isTrue();
    }

    private static boolean isNestedModel(JsonObject layer) {
        return List.of("Sequential", "Functional").contains(layer.get("class_name").getAsString());
    }

    /** Refusals that happen while reading (Lambda, unknown classes), as opposed to at compile time. */
    private static boolean isReadRefusal(JsonObject c) {
        String refusal = c.get("refusal").getAsString();
        return refusal.contains("Lambda");
    }

    private static List<Integer> shapeList(Shape s) {
        List<Integer> out = new ArrayList<>();
        out.add(null);
        for (int d : s.dims()) {
            out.add(d == Shape.UNKNOWN ? null : d);
        }
        return out;
    }

    private static List<Integer> jsonShape(JsonArray a) {
        List<Integer> out = new ArrayList<>();
        for (JsonElement e : a) {
            out.add(e.isJsonNull() ? null : e.getAsInt());
        }
        return out;
    }
}
