package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.ModelSpec;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.model.WeightSlot;
import dev.keras2j.model.layer.LayerSpecs;
import dev.keras2j.runtime.RuntimeModel;
import dev.keras2j.testing.ArrayAssert;
import dev.keras2j.testing.FixtureModel;
import dev.keras2j.testing.Fixtures;
import dev.keras2j.testing.KerasJson;
import dev.keras2j.reference.NpzReader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every fixture case made only of convolution-family layers: the specs reproduce Keras's output shapes
 * and parameter counts (from fixtures/index.json), and the runtime reproduces each layer's output
 * (from the case's .npz) for the weights in its .weights.h5.
 */
class ConvolutionFixturesTest {
    private static final Pattern FAMILY = Pattern.compile(
            "(Conv|Convolution|DepthwiseConv|SeparableConv|SeparableConvolution|MaxPool|MaxPooling|AveragePooling"
                    + "|AvgPool|GlobalMaxPool|GlobalMaxPooling|GlobalAveragePooling|GlobalAvgPool|ZeroPadding"
                    + "|Cropping|UpSampling)[123]D(Transpose)?");

    /** Cases whose presence guarantees every option of the family is exercised. */
    private static final Set<String> REQUIRED = Set.of(
            "conv1d_same", "conv1d_causal", "conv1d_causal_dilation2", "conv1d_strides2", "conv2d_same_stride2_even_kernel",
            "conv2d_dilation", "conv2d_nonsquare_strides", "conv2d_no_bias", "conv2d_groups", "conv2d_channels_first",
            "depthwise_conv2d", "depthwise_conv2d_channels_first", "separable_conv2d_same_strides",
            "conv2d_transpose_same_strides2", "conv2d_transpose_valid_strides2", "conv2d_transpose_output_padding",
            "conv2d_transpose_channels_first", "conv2d_transpose_dilation", "conv1d_transpose", "conv1d_transpose_valid",
            "max_pooling1d_same", "average_pooling1d_same", "max_pooling2d_same", "average_pooling2d_same",
            "max_pooling2d_default", "average_pooling2d_channels_first", "global_average_pooling1d_channels_first",
            "global_max_pooling2d_keepdims", "global_average_pooling2d_channels_first_keepdims",
            "zero_padding1d", "zero_padding2d", "zero_padding2d_symmetric", "cropping1d", "cropping2d",
            "upsampling1d", "upsampling2d_nearest", "upsampling2d_bilinear",
            "conv3d_valid", "conv3d_same_strides", "conv3d_dilation_groups", "conv3d_channels_first",
            "conv3d_transpose_same", "conv3d_transpose_output_padding", "conv3d_transpose_channels_first_dilation",
            "pooling3d", "pooling3d_same_strides", "pooling3d_channels_first", "global_pooling3d",
            "global_pooling3d_channels_first", "padding_cropping3d", "padding_cropping3d_channels_first");

    private record Case(String name, Map<String, Object> entry) {
    }

    @SuppressWarnings("unchecked")
    private static List<Case> familyCases() throws IOException {
        Path dir = Fixtures.dir();
        Map<String, Object> index = KerasJson.read(dir.resolve("index.json"));
        List<Case> out = new ArrayList<>();
        for (Object o : (List<Object>) index.get("cases")) {
            Map<String, Object> entry = (Map<String, Object>) o;
            List<Map<String, Object>> layers = (List<Map<String, Object>>) entry.get("layers");
            boolean mine = !layers.isEmpty()
                    && layers.stream().allMatch(l -> FAMILY.matcher((String) l.get("class_name")).matches());
            if (mine) {
                out.add(new Case((String) entry.get("name"), entry));
            }
        }
        return out;
    }

    @Test
    void fixturesCoverEveryOption() throws IOException {
        List<String> names = familyCases().stream().map(Case::name).toList();
        assertThat(names).containsAll(REQUIRED);
    }

    @TestFactory
    List<DynamicTest> shapesAndParamsMatchKeras() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : familyCases()) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> checkShapes(c)));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> outputsMatchKeras() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : familyCases()) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> checkOutputs(c)));
        }
        return tests;
    }

    @SuppressWarnings("unchecked")
    private static void checkShapes(Case c) throws IOException {
        Path caseDir = Fixtures.dir().resolve("models").resolve(c.name());
        List<LayerConfig> configs = FixtureModel.layerConfigs(caseDir, c.name());
        List<Map<String, Object>> layers = (List<Map<String, Object>>) c.entry().get("layers");
        assertThat(configs).hasSameSizeAs(layers);
        Shape shape = KerasJson.shape((List<?>) c.entry().get("input_shape"), true);
        for (int i = 0; i < configs.size(); i++) {
            Map<String, Object> expected = layers.get(i);
            if (Boolean.FALSE.equals(c.entry().get("runnable"))) {
                return;
            }
            LayerSpec spec = LayerSpecs.create(configs.get(i));
            List<Shape> in = List.of(shape);
            shape = spec.outputShape(in);
            assertThat(shape).as(spec.describe() + " output shape")
                    .isEqualTo(KerasJson.shape((List<?>) expected.get("output_shape"), true));
            long params = spec.weightSlots(in).stream().mapToLong(WeightSlot::size).sum();
            assertThat(params).as(spec.describe() + " params").isEqualTo(((Number) expected.get("params")).longValue());
        }
    }

    private static void checkOutputs(Case c) throws IOException {
        Path caseDir = Fixtures.dir().resolve("models").resolve(c.name());
        Shape input = KerasJson.shape((List<?>) c.entry().get("input_shape"), true);
        if (Boolean.FALSE.equals(c.entry().get("runnable"))) {
            assertThatThrownBy(() -> RuntimeModel.compile(ModelChecker.check(FixtureModel.load(caseDir, c.name(), input))))
                    .isInstanceOf(UnsupportedModelException.class);
            return;
        }
        ModelSpec spec = FixtureModel.load(caseDir, c.name(), input);
        CheckedModel checked = ModelChecker.check(spec);
        RuntimeModel model = RuntimeModel.compile(checked);
        Map<String, NdArray> npz = NpzReader.read(caseDir.resolve(c.name() + ".npz"));
        Map<String, NdArray> outputs = model.predictLayers(npz.get("input"));
        for (Map.Entry<String, NdArray> e : outputs.entrySet()) {
            NdArray expected = npz.get("layer/" + e.getKey());
            assertThat(expected).as("npz entry layer/" + e.getKey()).isNotNull();
            ArrayAssert.assertClose(c.name() + " " + e.getKey(), e.getValue(), expected);
        }
        ArrayAssert.assertClose(c.name() + " output", model.predict(npz.get("input")), npz.get("output"));
    }
}
