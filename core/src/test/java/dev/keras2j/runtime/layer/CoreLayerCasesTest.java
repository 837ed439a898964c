package dev.keras2j.runtime.layer;

import com.google.gson.Gson;
import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerNode;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.Weight;
import dev.keras2j.model.WeightSlot;
import dev.keras2j.model.layer.LayerSpecs;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayers;
import dev.keras2j.reference.NpzReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every single-layer case made by {@code core-layers/generate_core_layers.py} with Keras 3.15.1: the spec's
 * output shape and weight slots must equal Keras's, and the runtime must reproduce Keras's output within
 * {@code 1e-5 + 1e-4 * |expected|}.
 */
class CoreLayerCasesTest {
    static Path dir() {
        try {
            return Path.of(CoreLayerCasesTest.class.getResource("/core-layers/cases.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> cases() throws IOException {
        try (Reader r = Files.newBufferedReader(dir().resolve("cases.json"))) {
            return new Gson().fromJson(r, Map.class);
        }
    }

    static Stream<String> caseNames() throws IOException {
        return cases().keySet().stream().sorted();
    }

    static int[] ints(Object list) {
        return ((List<?>) list).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest(name = "{0}")
    @MethodSource("caseNames")
    void matchesKeras(String name) throws IOException {
        Map<String, Object> c = cases().get(name);
        Map<String, Object> options = (Map<String, Object>) c.get("config");
        LayerConfig config = new LayerConfig((String) c.get("class_name"), (String) options.get("name"), options, 3);
        LayerSpec spec = LayerSpecs.create(config);

        Shape inputShape = Shape.of(ints(c.get("input_shape")));
        Shape out = spec.outputShape(List.of(inputShape));
        assertThat(out).isEqualTo(Shape.of(ints(c.get("output_shape"))));

        Map<String, NdArray> npz = NpzReader.read(dir().resolve(name + ".npz"));
        List<WeightSlot> slots = spec.weightSlots(List.of(inputShape));
        int count = ((Number) c.get("weights")).intValue();
        assertThat(slots).hasSize(count);
        List<Weight> weights = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            NdArray w = npz.get("weight_" + i);
            assertThat(slots.get(i).shape()).as("slot %s", slots.get(i)).containsExactly(w.shape());
            weights.add(new Weight(slots.get(i).name(), w));
        }

        CheckedLayer layer = new CheckedLayer(new LayerNode(spec, List.of("input")), List.of(inputShape), out, weights);
        NdArray input = npz.get("input");
        boolean[] mask = npz.containsKey("mask") ? toBooleans(npz.get("mask")) : null;
        float[] before = input.data().clone();
        MaskedArray result = RuntimeLayers.create(layer).forward(new MaskedArray(input, mask));

        assertThat(input.data()).as("the input must not be modified").containsExactly(before);
        assertClose(result.values(), npz.get("output"));
    }

    static void assertClose(NdArray actual, NdArray expected) {
        assertThat(actual.shape()).containsExactly(expected.shape());
        float[] a = actual.data();
        float[] e = expected.data();
        for (int i = 0; i < e.length; i++) {
            double tol = 1e-5 + 1e-4 * Math.abs(e[i]);
            assertThat(Math.abs((double) a[i] - e[i])).as("element %d: %s vs Keras %s", i, a[i], e[i])
                    .isLessThanOrEqualTo(tol);
        }
    }

    private static boolean[] toBooleans(NdArray a) {
        boolean[] out = new boolean[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.data()[i] != 0f;
        }
        return out;
    }
}
