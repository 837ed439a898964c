package dev.keras2j.runtime.layer;

import dev.keras2j.model.ActivationSpec;
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
import dev.keras2j.runtime.RuntimeLayer;
import dev.keras2j.runtime.kernel.ActivationFunctions;
import dev.keras2j.runtime.kernel.Parallelism;
import dev.keras2j.testing.RestoresKernelThreads;
import dev.keras2j.runtime.RuntimeLayers;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conv2D (channels_last) on random data against a direct six-loop convolution in double precision, over
 * sizes that take the im2col path (many filters or stride 2), the transposed path (few filters, stride 1)
 * and the Winograd path (3×3, stride 1, at least 32 channels in and out), with groups, dilation, both paddings
 * and odd sizes.
 */
@ExtendWith(RestoresKernelThreads.class)
class ConvPathsTest {
    @ParameterizedTest(name = "{0}x{1}x{2} -> {3} k{4} s{5} d{6} {7} groups {8} bias {9}")
    @CsvSource({
        "9,7,3,5,3,1,1,same,1,true", "9,7,3,5,3,1,1,valid,1,true", "13,11,4,6,3,1,2,same,2,true",
        "8,8,6,9,2,1,1,same,3,true", "10,9,5,130,3,1,1,same,1,true", "10,9,5,7,3,2,1,same,1,true",
        "6,5,2,3,1,1,1,valid,1,true", "17,3,8,16,3,1,1,valid,4,true",
        // Winograd: whole and partial tiles, channels in whole vectors and not, every tile at once and in chunks.
        "9,7,32,33,3,1,1,same,1,true", "10,9,35,40,3,1,1,valid,1,false", "7,11,40,32,3,1,1,same,1,true",
        "4,3,32,32,3,1,1,same,1,true", "3,3,33,35,3,1,1,valid,1,true", "40,38,32,32,3,1,1,same,1,false"})
    void everyPathMatchesADirectConvolution(int h, int w, int cin, int filters, int k, int s, int d, String padding,
                                            int groups, boolean useBias) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("strides", List.of(s, s));
        options.put("use_bias", useBias);
        Shape in = Shape.of(h, w, cin);
        Random r = new Random(h * 31L + w * 7L + filters);
        List<NdArray> weights = new ArrayList<>();
        RuntimeLayer layer = conv2d(options, filters, k, d, padding, groups, in, r, weights);
        int batch = 2;
        NdArray x = random(r, in.withBatch(batch));
        NdArray y = layer.forward(MaskedArray.of(x)).values();

        float[] kernel = weights.get(0).data();
        float[] bias = useBias ? weights.get(1).data() : new float[filters];
        int outH = padding.equals("same") ? (h + s - 1) / s : (h - (k - 1) * d - 1) / s + 1;
        int outW = padding.equals("same") ? (w + s - 1) / s : (w - (k - 1) * d - 1) / s + 1;
        int padTop = padding.equals("same") ? Math.max((outH - 1) * s + (k - 1) * d + 1 - h, 0) / 2 : 0;
        int padLeft = padding.equals("same") ? Math.max((outW - 1) * s + (k - 1) * d + 1 - w, 0) / 2 : 0;
        assertThat(y.shape()).containsExactly(batch, outH, outW, filters);
        int inPerGroup = cin / groups;
        int outPerGroup = filters / groups;
        for (int b = 0; b < batch; b++) {
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    for (int f = 0; f < filters; f++) {
                        int g = f / outPerGroup;
                        double sum = bias[f];
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int iy = oy * s + ky * d - padTop;
                                int ix = ox * s + kx * d - padLeft;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                    continue;
                                }
                                for (int c = 0; c < inPerGroup; c++) {
                                    double xv = x.data()[((b * h + iy) * w + ix) * cin + g * inPerGroup + c];
                                    double kv = kernel[((ky * k + kx) * inPerGroup + c) * filters + f];
                                    sum += xv * kv;
                                }
                            }
                        }
                        float got = y.data()[((b * outH + oy) * outW + ox) * filters + f];
                        assertThat((double) got).as("b%d y%d x%d f%d", b, oy, ox, f)
                                .isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-5 + 1e-4 * Math.abs(sum)));
                    }
                }
            }
        }
    }

    /**
     * Batch 1 on several threads shares an example's output rows out in bands, each its own product; a batch
     * of several shares out whole examples (Winograd: chunks of tiles, or every tile at once with the
     * products shared out). Each example must get the same bits either way, on one thread, two or twelve.
     */
    @ParameterizedTest(name = "{0}x{1}x{2} -> {3} d{4} {5} groups {6}")
    @CsvSource({"40,40,8,16,1,same,1", "48,45,8,16,2,valid,2", "37,64,3,32,1,same,1",
        // Winograd: the batch in chunks of tiles, an example alone with every tile at once.
        "48,48,32,32,1,same,1", "11,9,40,33,1,valid,1"})
    void anExampleInBandsGetsTheBitsOfTheSameExampleInABatch(int h, int w, int cin, int filters, int d,
                                                           String padding, int groups) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("activation", "relu");
        Shape in = Shape.of(h, w, cin);
        Random r = new Random(h * 7L + w + filters);
        RuntimeLayer layer = conv2d(options, filters, 3, d, padding, groups, in, r, new ArrayList<>());
        int batch = 3;
        NdArray x = random(r, in.withBatch(batch));
        Parallelism.setThreads(1);
        float[] oneThread = layer.forward(MaskedArray.of(x)).values().data();
        Parallelism.setThreads(12);
        assertThat(layer.forward(MaskedArray.of(x)).values().data()).as("twelve threads against one")
                .isEqualTo(oneThread);
        Parallelism.setThreads(2);
        float[] together = layer.forward(MaskedArray.of(x)).values().data();
        assertThat(together).as("two threads against one").isEqualTo(oneThread);
        int example = together.length / batch;
        for (int b = 0; b < batch; b++) {
            NdArray one = NdArray.of(java.util.Arrays.copyOfRange(x.data(), b * h * w * cin, (b + 1) * h * w * cin),
                    1, h, w, cin);
            float[] alone = layer.forward(MaskedArray.of(one)).values().data();
            assertThat(alone).as("example %d", b)
                    .isEqualTo(java.util.Arrays.copyOfRange(together, b * example, (b + 1) * example));
        }
    }

    /**
     * Element-wise activations are applied to each part of the output as it is written (a tile, a band of
     * rows, an example); softmax over the channels after the whole output. Either way, the bits of the linear
     * convolution followed by the activation over the whole output, on every path, alone and in a batch.
     */
    @ParameterizedTest(name = "{0}x{1}x{2} -> {3} s{4} {5} threads {6} groups {7}")
    @CsvSource({"9,7,3,5,1,relu,2,1", "9,7,3,5,1,elu,1,1", "10,9,5,7,2,tanh,2,1", "37,64,3,32,1,sigmoid,2,1",
        "9,7,32,33,1,relu,2,1", "9,7,32,33,1,selu,1,1", "11,9,40,33,1,softmax,2,1", "8,8,6,9,1,softmax,1,1",
        "40,38,32,32,1,gelu,2,1", "10,9,5,7,2,linear,1,1", "17,9,8,16,1,tanh,2,4", "10,9,6,9,2,elu,2,3"})
    void activationsAsTheOutputIsWrittenGiveTheBitsOfAPassAfterwards(int h, int w, int cin, int filters, int s,
                                                                    String activation, int threads, int groups) {
        Parallelism.setThreads(threads);
        Shape in = Shape.of(h, w, cin);
        long seed = h * 131L + w * 17L + filters;
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("strides", List.of(s, s));
        options.put("activation", activation);
        RuntimeLayer activated = conv2d(options, filters, 3, 1, "same", groups, in, new Random(seed), new ArrayList<>());
        Map<String, Object> linearOptions = new LinkedHashMap<>();
        linearOptions.put("strides", List.of(s, s));
        RuntimeLayer linear = conv2d(linearOptions, filters, 3, 1, "same", groups, in, new Random(seed),
                new ArrayList<>());
        for (int batch : new int[] {1, 3}) {
            NdArray x = random(new Random(seed + batch), in.withBatch(batch));
            NdArray plain = linear.forward(MaskedArray.of(x)).values();
            float[] expected = plain.data().clone();
            LayerConfig config = new LayerConfig("Conv2D", "conv", options, 3);
            ActivationFunctions.apply(ActivationSpec.parse(activation, 3, config), expected, plain.shape());
            assertThat(activated.forward(MaskedArray.of(x)).values().data()).as("batch %d", batch)
                    .isEqualTo(expected);
        }
    }

    /** A Conv2D layer with these options besides {@code options}, its random weights added to {@code weights}. */
    private static RuntimeLayer conv2d(Map<String, Object> options, int filters, int k, int d, String padding,
                                       int groups, Shape in, Random r, List<NdArray> weights) {
        options.put("name", "conv");
        options.put("filters", filters);
        options.put("kernel_size", List.of(k, k));
        options.put("dilation_rate", List.of(d, d));
        options.put("padding", padding);
        options.put("groups", groups);
        LayerSpec spec = LayerSpecs.create(new LayerConfig("Conv2D", "conv", options, 3));
        for (WeightSlot slot : spec.weightSlots(List.of(in))) {
            weights.add(random(r, slot.shape()));
        }
        CheckedModel model = ModelChecker.check(new ModelSpec("conv", ModelFormat.JSON, "3.15.1", "tensorflow",
                "Sequential", List.of(new InputSpec("input", in, "float32")),
                List.of(new LayerNode(spec, List.of("input"))), TensorRef.list("conv"), Map.of("conv", weights)));
        return RuntimeLayers.create(model.layers().get(0));
    }

    private static NdArray random(Random r, int[] shape) {
        float[] v = new float[(int) NdArray.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return NdArray.of(v, shape);
    }
}
