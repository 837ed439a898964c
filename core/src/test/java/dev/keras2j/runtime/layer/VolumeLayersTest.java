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
import dev.keras2j.model.WeightSlot;
import dev.keras2j.model.layer.LayerSpecs;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;
import dev.keras2j.runtime.RuntimeLayers;
import dev.keras2j.testing.ArrayAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The N-D layers the 3D families run on, given 2D layers, against the image layers keras2j has long checked
 * against Keras: the two implementations share no loop, so agreeing on random inputs in both data formats
 * checks the N-D window, padding and col2im arithmetic. A 3D conv is also checked against a direct sum.
 */
class VolumeLayersTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "Conv2D | {'filters': 5, 'kernel_size': [3, 2], 'strides': [2, 1], 'padding': 'same'}",
        "Conv2D | {'filters': 4, 'kernel_size': 2, 'dilation_rate': 2, 'groups': 2, 'use_bias': false}",
        "Conv2D | {'filters': 3, 'kernel_size': 3, 'padding': 'same', 'activation': 'tanh', 'data_format': 'channels_first'}",
        "Conv2DTranspose | {'filters': 3, 'kernel_size': 3, 'strides': 2, 'padding': 'same'}",
        "Conv2DTranspose | {'filters': 2, 'kernel_size': [2, 3], 'strides': [2, 1], 'output_padding': [1, 0]}",
        "Conv2DTranspose | {'filters': 2, 'kernel_size': 2, 'dilation_rate': 2, 'data_format': 'channels_first'}",
        "MaxPooling2D | {'pool_size': 3, 'strides': 2, 'padding': 'same'}",
        "AveragePooling2D | {'pool_size': [2, 3], 'strides': 1, 'padding': 'same', 'data_format': 'channels_first'}",
        "AveragePooling2D | {'pool_size': 2}",
        "ZeroPadding2D | {'padding': [[1, 0], [2, 3]], 'data_format': 'channels_first'}",
        "Cropping2D | {'cropping': [[1, 2], [0, 1]]}",
        "UpSampling2D | {'size': [2, 3], 'data_format': 'channels_first'}"})
    void theNdPathGivesTheImagePathsOutputs(String cls, String json) {
        Map<String, Object> options = parse(json);
        boolean first = "channels_first".equals(options.get("data_format"));
        Shape in = first ? Shape.of(4, 7, 6) : Shape.of(7, 6, 4);
        Random r = new Random(cls.hashCode() * 31L + json.hashCode());
        CheckedLayer layer = checked(cls, options, in, r);
        RuntimeLayer image = RuntimeLayers.create(layer);
        RuntimeLayer volume = switch (cls) {
            case "Conv2D" -> new VolumeConvLayer(layer);
            case "Conv2DTranspose" -> new VolumeConvTransposeLayer(layer);
            case "MaxPooling2D", "AveragePooling2D" -> new VolumePoolingLayer(layer);
            case "ZeroPadding2D" -> VolumeBorderLayer.padding(layer);
            case "Cropping2D" -> VolumeBorderLayer.cropping(layer);
            case "UpSampling2D" -> new VolumeUpSamplingLayer(layer);
            default -> throw new IllegalArgumentException(cls);
        };
        assertThat(volume.getClass()).isNotEqualTo(image.getClass());
        NdArray x = random(r, in.withBatch(2));
        NdArray expected = image.forward(MaskedArray.of(x)).values();
        NdArray got = volume.forward(MaskedArray.of(x)).values();
        assertThat(got.shape()).containsExactly(expected.shape());
        ArrayAssert.assertClose(cls, got, expected);
    }

    @Test
    void aConv3DIsTheDirectSumOverItsWindow() {
        Map<String, Object> options = parse("{'filters': 3, 'kernel_size': [2, 3, 2], 'strides': [1, 2, 1],"
                + " 'padding': 'same', 'groups': 2}");
        Shape in = Shape.of(3, 5, 4, 4);
        Random r = new Random(3);
        options.put("filters", 4);
        CheckedLayer layer = checked("Conv3D", options, in, r);
        RuntimeLayer conv = RuntimeLayers.create(layer);
        NdArray x = random(r, in.withBatch(2));
        NdArray y = conv.forward(MaskedArray.of(x)).values();
        // same padding: out = ceil(in / stride); TensorFlow puts the odd padding element at the end.
        assertThat(y.shape()).containsExactly(2, 3, 3, 4, 4);
        float[] k = layer.weight("kernel").data();
        float[] bias = layer.weight("bias").data();
        int[] pad = {0, 1, 0};
        int filters = 4;
        for (int b = 0; b < 2; b++) {
            for (int od = 0; od < 3; od++) {
                for (int oh = 0; oh < 3; oh++) {
                    for (int ow = 0; ow < 4; ow++) {
                        for (int f = 0; f < filters; f++) {
                            int g = f / 2;
                            double sum = bias[f];
                            for (int kd = 0; kd < 2; kd++) {
                                for (int kh = 0; kh < 3; kh++) {
                                    for (int kw = 0; kw < 2; kw++) {
                                        int id = od + kd - pad[0];
                                        int ih = oh * 2 + kh - pad[1];
                                        int iw = ow + kw - pad[2];
                                        if (id < 0 || id >= 3 || ih < 0 || ih >= 5 || iw < 0 || iw >= 4) {
                                            continue;
                                        }
                                        for (int c = 0; c < 2; c++) {
                                            sum += (double) x.data()[(((b * 3 + id) * 5 + ih) * 4 + iw) * 4 + g * 2 + c]
                                                    * k[((((kd * 3 + kh) * 2 + kw) * 2 + c) * filters) + f];
                                        }
                                    }
                                }
                            }
                            float got = y.data()[(((b * 3 + od) * 3 + oh) * 4 + ow) * filters + f];
                            assertThat((double) got).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-5));
                        }
                    }
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String json) {
        return new LinkedHashMap<>(new com.google.gson.Gson().fromJson(json.replace('\'', '"'), Map.class));
    }

    private static CheckedLayer checked(String cls, Map<String, Object> options, Shape in, Random r) {
        options.put("name", "l");
        LayerSpec spec = LayerSpecs.create(new LayerConfig(cls, "l", options, 3));
        List<NdArray> weights = new ArrayList<>();
        for (WeightSlot slot : spec.weightSlots(List.of(in))) {
            weights.add(random(r, slot.shape()));
        }
        CheckedModel model = ModelChecker.check(new ModelSpec("m", ModelFormat.JSON, "3.15.1", "tensorflow",
                "Sequential", List.of(new InputSpec("input", in, "float32")),
                List.of(new LayerNode(spec, List.of("input"))), dev.keras2j.model.TensorRef.list("l"), Map.of("l", weights)));
        return model.layers().get(0);
    }

    private static NdArray random(Random r, int[] shape) {
        float[] v = new float[(int) NdArray.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return NdArray.of(v, shape);
    }
}
