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
        if (c.has("output_shapes")) {
            assertThat(m.outputShapes().stream().map(FixtureModelsTest::shapeList).toList()).as("output shapes")
                    .isEqualTo(jsonShapes(c.getAsJsonArray("output_shapes")));
        }
        Map<String, String> names = layerNames(c, format);
        for (JsonElement le : c.getAsJsonArray("layers")) {
            JsonObject l = le.getAsJsonObject();
            if (l.get("class_name").getAsString().equals("InputLayer") || isNestedModel(l)) {
                // A nested model is flattened into its layers; total params and output shape cover it.
                continue;
            }
            CheckedLayer layer = m.layer(names.getOrDefault(l.get("name").getAsString(), l.get("name").getAsString()));
            assertThat(layer.params()).as(layer.name() + " params").isEqualTo(l.get("params").getAsLong());
            if (l.get("output_shape").isJsonArray()) {
                assertThat(shapeList(layer.outputShape())).as(layer.name() + " output shape")
                        .isEqualTo(jsonShape(l.getAsJsonArray("output_shape")));
            }
            if (l.has("output_shapes")) {
                assertThat(layer.outputShapes().stream().map(FixtureModelsTest::shapeList).toList())
                        .as(layer.name() + " output shapes").isEqualTo(jsonShapes(l.getAsJsonArray("output_shapes")));
                assertThat(layer.callCount()).as(layer.name() + " calls").isEqualTo(l.get("calls").getAsInt());
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
        Map<String, NdArray> refLayers = new LinkedHashMap<>();
        Map<String, String> names = layerNames(c, format);
        ref.layerOutputs().forEach((key, value) -> refLayers.put(renamed(key, names), value));
        for (JsonElement le : c.getAsJsonArray("layers")) {
            if (isNestedModel(le.getAsJsonObject())) {
                // Flattened away: its output is its output layer's, compared under that layer's name if recorded.
                refLayers.remove(renamed(le.getAsJsonObject().get("name").getAsString(), names));
            }
        }
        LayerComparison perLayer = LayerComparison.of(layers, refLayers);
        assertThat(perLayer.notInRuntime()).as("reference layers the runtime did not produce").isEmpty();
        assertThat(perLayer.firstDivergent()).as("first divergent layer").isEmpty();
        List<NdArray> outputs = model.predict(inputs);
        assertThat(outputs).as("outputs").hasSameSizeAs(ref.outputs());
        for (int i = 0; i < outputs.size(); i++) {
            Comparison out = Comparison.of(outputs.get(i), ref.outputs().get(i));
            assertThat(out.passed()).as("output " + i + ": " + out.summary()).isTrue();
        }
    }

    /**
     * Keras's layer name to the name the file of this format gives it: a case whose JSON is the architecture
     * rebuilt under other names ({@code json_renamed_layers}) keeps the original names in its other files.
     */
    private static Map<String, String> layerNames(JsonObject c, String format) {
        Map<String, String> out = new LinkedHashMap<>();
        if (format.equals("json") && c.has("json_renamed_layers")) {
            c.getAsJsonObject("json_renamed_layers").entrySet().forEach(e -> out.put(e.getKey(), e.getValue().getAsString()));
        }
        return out;
    }

    /** A per-layer reference key ({@code name} or {@code name:call:output}) under the file's layer names. */
    private static String renamed(String key, Map<String, String> names) {
        int colon = key.indexOf(':');
        String layer = colon < 0 ? key : key.substring(0, colon);
        return names.getOrDefault(layer, layer) + (colon < 0 ? "" : key.substring(colon));
    }

    private static List<List<Integer>> jsonShapes(JsonArray a) {
        List<List<Integer>> out = new ArrayList<>();
        for (JsonElement e : a) {
            out.add(jsonShape(e.getAsJsonArray()));
        }
        return out;
    }

    private static boolean isNestedModel(JsonObject layer) {
        return List.of("Sequential", "Functional").contains(layer.get("class_name").getAsString());
    }

    /** Refusals that happen while reading (Lambda, unknown classes), as opposed to at compile time. */
    private static boolean isReadRefusal(JsonObject c) {
        String refusal = c.get("refusal").getAsString();
        return refusal.contains("Lambda");
    }

    /** A keras2j shape as Keras writes it in the index: batch axis first, unknown sizes null. */
    static List<Integer> shapeList(Shape s) {
        List<Integer> out = new ArrayList<>();
        out.add(null);
        for (int d : s.dims()) {
            out.add(d == Shape.UNKNOWN ? null : d);
        }
        return out;
    }

    static List<Integer> jsonShape(JsonArray a) {
        List<Integer> out = new ArrayList<>();
        for (JsonElement e : a) {
            out.add(e.isJsonNull() ? null : e.getAsInt());
        }
        return out;
    }
}
