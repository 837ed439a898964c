package dev.keras2j.runtime;

import dev.keras2j.KerasModel;
import dev.keras2j.model.NdArray;
import dev.keras2j.reference.Reference;
import dev.keras2j.runtime.kernel.Parallelism;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A large batch run part by part on several threads gives every example the bits it gets alone, on one
 * thread: masks, several inputs and outputs, recurrent state and convolutions included.
 */
class BatchPartsTest {
    private static final Path FIXTURES = Path.of(System.getProperty("keras2j.root", "..")).resolve("fixtures/models");
    private final int defaultThreads = Parallelism.threads();

    @AfterEach
    void restoreThreads() {
        Parallelism.setThreads(defaultThreads);
    }

    @ParameterizedTest(name = "{0} batch {1} threads {2}")
    @CsvSource({
        "masking_stacked_lstm_gru, 16, 2", "masking_stacked_lstm_gru, 70, 2", "embedding_mask_zero_lstm, 33, 2",
        "functional_merges, 40, 3", "functional_residual_cnn, 17, 2", "bidirectional_masked_gru_sum, 130, 2",
        "shapes_rnn, 64, 2"})
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
