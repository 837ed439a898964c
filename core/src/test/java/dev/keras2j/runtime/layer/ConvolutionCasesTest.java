package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.InputSpec;
import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerNode;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.ModelFormat;
import dev.keras2j.model.ModelSpec;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.TensorRef;
import dev.keras2j.model.WeightSlot;
import dev.keras2j.model.layer.LayerSpecs;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayers;
import dev.keras2j.testing.ArrayAssert;
import dev.keras2j.testing.KerasJson;
import dev.keras2j.reference.NpzReader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single-layer Keras references from {@code conv/gen_conv_cases.py} (committed with its outputs) for
 * options the shared fixtures leave out: GlobalAveragePooling1D masks, channels_first variants,
 * DepthwiseConv1D / SeparableConv1D, transposed convolutions with {@code same} + output_padding or
 * dilation, and output shapes over open dimensions.
 */
class ConvolutionCasesTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ConvolutionCasesTest.class.getResource("/conv/" + name).toURI());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(String key) throws Exception {
        return (List<Map<String, Object>>) KerasJson.read(resource("conv_cases.json")).get(key);
    }

    @SuppressWarnings("unchecked")
    private static LayerConfig config(Map<String, Object> c) {
        return KerasJson.layer((String) c.get("class_name"), (Map<String, Object>) c.get("config"));
    }

    @TestFactory
    List<DynamicTest> outputsMatchKeras() throws Exception {
        Map<String, NdArray> npz = NpzReader.read(resource("conv_cases.npz"));
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> c : list("cases")) {
            tests.add(DynamicTest.dynamicTest((String) c.get("name"), () -> checkCase(c, npz)));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(20);
        return tests;
    }

    @TestFactory
    List<DynamicTest> openDimensionShapesMatchKeras() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> c : list("shape_cases")) {
            LayerConfig config = config(c);
            tests.add(DynamicTest.dynamicTest(config.className() + " " + c.get("input_shape"), () -> {
                LayerSpec spec = LayerSpecs.create(config);
                Shape in = KerasJson.shape((List<?>) c.get("input_shape"), false);
                assertThat(spec.outputShape(List.of(in))).isEqualTo(KerasJson.shape((List<?>) c.get("output_shape"), false));
                assertThat(spec.weightSlots(List.of(in)).stream().mapToLong(WeightSlot::size).sum())
                        .isEqualTo(((Number) c.get("params")).longValue());
            }));
        }
        assertThat(tests).isNotEmpty();
        return tests;
    }

    private static void checkCase(Map<String, Object> c, Map<String, NdArray> npz) throws IOException {
        String name = (String) c.get("name");
        LayerConfig config = config(c);
        LayerSpec spec = LayerSpecs.create(config);
        Shape in = KerasJson.shape((List<?>) c.get("input_shape"), false);
        List<NdArray> weights = new ArrayList<>();
        for (int i = 0; i < ((Number) c.get("weights")).intValue(); i++) {
            weights.add(npz.get(name + "/weight_" + i));
        }
        ModelSpec model = new ModelSpec(name, ModelFormat.JSON, "3.15.1", "jax", "Sequential",
                List.of(new InputSpec("input", in, "float32")), List.of(new LayerNode(spec, List.of("input"))),
                TensorRef.list(config.name()), Map.of(config.name(), weights));
        CheckedModel checked = ModelChecker.check(model);
        CheckedLayer layer = checked.layers().get(0);
        assertThat(layer.outputShape()).isEqualTo(KerasJson.shape((List<?>) c.get("output_shape"), false));
        assertThat(layer.params()).isEqualTo(((Number) c.get("params")).longValue());

        NdArray x = npz.get(name + "/input");
        boolean[] mask = null;
        if (Boolean.TRUE.equals(c.get("masked"))) {
            float[] m = npz.get(name + "/mask").data();
            mask = new boolean[m.length];
            for (int i = 0; i < m.length; i++) {
                mask[i] = m[i] != 0f;
            }
        }
        MaskedArray out = RuntimeLayers.create(layer).forward(new MaskedArray(x, mask));
        ArrayAssert.assertClose(name, out.values(), npz.get(name + "/output"));
        assertThat(out.mask()).as("Keras's convolution-family layers emit no mask").isNull();
    }
}
