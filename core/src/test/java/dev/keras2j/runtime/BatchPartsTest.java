package dev.keras2j.runtime;

import dev.keras2j.KerasModel;
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
import dev.keras2j.reference.Reference;
import dev.keras2j.runtime.kernel.Parallelism;
import dev.keras2j.testing.RestoresKernelThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A large batch run part by part on several threads gives every example the bits it gets alone, on one
 * thread: masks, several inputs and outputs, recurrent state and convolutions included.
 */
@ExtendWith(RestoresKernelThreads.class)
class BatchPartsTest {
    private static final Path FIXTURES = Path.of(System.getProperty("keras2j.root", "..")).resolve("fixtures/models");
    @ParameterizedTest(name = "{0} batch {1} threads {2}")
    @CsvSource({
        "masking_stacked_lstm_gru, 16, 2", "masking_stacked_lstm_gru, 70, 2", "embedding_mask_zero_lstm, 33, 2",
        "functional_residual_cnn, 40, 3", "functional_residual_cnn, 17, 2", "bidirectional_masked_gru_sum, 130, 2",
        "shapes_rnn, 64, 2", "gru_reset_before_seq, 40, 2", "gru_no_bias, 40, 2"})
    void aBatchInPartsEqualsEachExampleAlone(String name, int batch, int threads) {
        RuntimeModel model = RuntimeModel.compile(KerasModel.load(FIXTURES.resolve(name + "/" + name + ".h5")).description());
        List<NdArray> examples = Reference.load(FIXTURES.resolve(name + "/" + name + ".npz")).inputs();
        List<NdArray> inputs = new ArrayList<>();
        for (NdArray in : examples) {
            inputs.add(cycled(in, batch));
        }
        Parallelism.setThreads(threads);
        assertThat(model.parts(inputs)).as("parts").isGreaterThanOrEqualTo(threads);
        List<NdArray> inParts = model.predictAll(inputs);

        Parallelism.setThreads(1);
        List<NdArray> whole = model.predictAll(inputs);
        for (int o = 0; o < whole.size(); o++) {
            assertThat(inParts.get(o).shape()).isEqualTo(whole.get(o).shape());
            assertThat(inParts.get(o).data()).isEqualTo(whole.get(o).data());
        }
        for (int b = 0; b < batch; b += 7) {
            List<NdArray> one = new ArrayList<>();
            for (NdArray in : inputs) {
                one.add(BatchSlices.slice(in, b, b + 1));
            }
            List<NdArray> alone = model.predictAll(one);
            for (int o = 0; o < whole.size(); o++) {
                assertThat(BatchSlices.slice(inParts.get(o), b, b + 1).data()).as("example %d", b)
                        .isEqualTo(alone.get(o).data());
            }
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"dense_2d, false", "batchnorm_dense, false", "functional_merges, false", "shapes_cnn, true",
        "conv1d_same, true", "masking_stacked_lstm_gru, true", "max_pooling2d_valid, true"})
    void onlyModelsThatUseEachWeightManyTimesPerExampleRunInParts(String name, boolean inParts) {
        RuntimeModel model = RuntimeModel.compile(KerasModel.load(FIXTURES.resolve(name + "/" + name + ".h5")).description());
        List<NdArray> inputs = new ArrayList<>();
        for (NdArray in : Reference.load(FIXTURES.resolve(name + "/" + name + ".npz")).inputs()) {
            inputs.add(cycled(in, 64));
        }
        Parallelism.setThreads(2);
        assertThat(RuntimeModel.weightReuse(model.model()) >= RuntimeModel.PARTS_MIN_REUSE).isEqualTo(inParts);
        assertThat(model.parts(inputs)).isEqualTo(inParts ? 2 : 1);
    }

    @Test
    void twoInputsAndTwoOutputsAreCutAndJoinedExampleByExample() {
        // Two images, each through its own convolution: which input a part takes must match the other's.
        Random r = new Random(5);
        Shape image = Shape.of(6, 5, 2);
        List<LayerNode> nodes = new ArrayList<>();
        Map<String, List<NdArray>> weights = new LinkedHashMap<>();
        for (String name : List.of("a", "b")) {
            Map<String, Object> options = new LinkedHashMap<>();
            options.put("name", name);
            options.put("filters", 3);
            options.put("kernel_size", List.of(3, 3));
            options.put("padding", "same");
            LayerSpec spec = LayerSpecs.create(new LayerConfig("Conv2D", name, options, 3));
            List<NdArray> w = new ArrayList<>();
            for (WeightSlot slot : spec.weightSlots(List.of(image))) {
                w.add(random(r, slot.shape()));
            }
            nodes.add(new LayerNode(spec, List.of("in_" + name)));
            weights.put(name, w);
        }
        RuntimeModel model = RuntimeModel.compile(ModelChecker.check(new ModelSpec("two", ModelFormat.JSON, "3.15.1",
                "tensorflow", "Functional", List.of(new InputSpec("in_a", image, "float32"),
                new InputSpec("in_b", image, "float32")), nodes, TensorRef.list("a", "b"), weights)));
        List<NdArray> inputs = List.of(random(r, image.withBatch(37)), random(r, image.withBatch(37)));
        Parallelism.setThreads(2);
        assertThat(model.parts(inputs)).isEqualTo(2);
        List<NdArray> inParts = model.predictAll(inputs);
        for (int b = 0; b < 37; b += 5) {
            List<NdArray> alone = model.predictAll(List.of(BatchSlices.slice(inputs.get(0), b, b + 1),
                    BatchSlices.slice(inputs.get(1), b, b + 1)));
            for (int o = 0; o < 2; o++) {
                assertThat(inParts.get(o).shape()).containsExactly(37, 6, 5, 3);
                assertThat(BatchSlices.slice(inParts.get(o), b, b + 1).data()).as("output %d, example %d", o, b)
                        .isEqualTo(alone.get(o).data());
            }
        }
    }

    private static NdArray random(Random r, int[] shape) {
        float[] v = new float[(int) NdArray.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return NdArray.of(v, shape);
    }

    /** {@code batch} examples taken in turn from {@code in}'s. */
    private static NdArray cycled(NdArray in, int batch) {
        List<NdArray> pieces = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            int i = b % in.dim(0);
            pieces.add(BatchSlices.slice(in, i, i + 1));
        }
        return BatchSlices.concat(pieces);
    }
}
