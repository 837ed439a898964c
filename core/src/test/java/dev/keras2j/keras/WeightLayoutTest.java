package dev.keras2j.keras;

import dev.keras2j.container.Hdf5Container;
import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.NdArray;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WeightLayoutTest {
    @Test
    void keras3WeightsTreeMatchesTheLegacyWeightNamesOrderForWrappers() {
        List<ParsedModel.SavedLayer> layers = List.of(new ParsedModel.SavedLayer("seq", "InputLayer", true),
                new ParsedModel.SavedLayer("bi", "Bidirectional", false),
                new ParsedModel.SavedLayer("td", "TimeDistributed", false),
                new ParsedModel.SavedLayer("gru", "GRU", false));
        Map<String, List<NdArray>> tree;
        try (Hdf5Container h5 = Hdf5Container.open(ReaderFixtures.path("wrappers.weights.h5"))) {
            tree = WeightsReader.keras3(h5, h5.root(), layers, false);
        }
        Map<String, List<NdArray>> legacy;
        try (Hdf5Container h5 = Hdf5Container.open(ReaderFixtures.path("wrappers.h5"))) {
            legacy = WeightsReader.legacy(h5, h5.group(h5.root(), "model_weights"), Map.of(), Map.of());
        }
        assertThat(tree.get("bi")).extracting(NdArray::shapeString)
                .containsExactly("[2, 8]", "[2, 8]", "[8]", "[2, 8]", "[2, 8]", "[8]");
        assertThat(tree.get("td")).extracting(NdArray::shapeString).containsExactly("[4, 2]", "[2]");
        assertThat(tree.get("gru")).extracting(NdArray::shapeString).containsExactly("[2, 6]", "[2, 6]", "[2, 6]");
        for (String layer : List.of("bi", "td", "gru")) {
            for (int i = 0; i < tree.get(layer).size(); i++) {
                assertThat(tree.get(layer).get(i).data()).containsExactly(legacy.get(layer).get(i).data());
            }
        }
    }

    @Test
    void snakeCaseFollowsKeras() {
        assertThat(WeightsReader.snakeCase("BatchNormalization")).isEqualTo("batch_normalization");
        assertThat(WeightsReader.snakeCase("Conv2D")).isEqualTo("conv2d");
        assertThat(WeightsReader.snakeCase("LSTM")).isEqualTo("lstm");
        assertThat(WeightsReader.snakeCase("InputLayer")).isEqualTo("input_layer");
    }

    /** Keras 1 stores each gate separately as i, c, f, o; Keras 2 and 3 concatenate i, f, c, o. */
    @Test
    void keras1LstmGatesAreConcatenatedInKeras2Order() {
        List<NdArray> stored = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int kind = i % 3;
            int[] shape = kind == 0 ? new int[] {2, 1} : kind == 1 ? new int[] {1, 1} : new int[] {1};
            float[] v = new float[(int) NdArray.elementCount(shape)];
            java.util.Arrays.fill(v, i);
            stored.add(NdArray.of(v, shape));
        }
        LayerConfig lstm = new LayerConfig("LSTM", "lstm_1", Map.of("units", 1), 1);
        List<NdArray> w = new LegacyWeightConverter("t.h5", 1, false).convert(lstm, stored);
        assertThat(w).hasSize(3);
        assertThat(w.get(0).shape()).containsExactly(2, 4);
        assertThat(w.get(0).data()).containsExactly(0, 6, 3, 9, 0, 6, 3, 9);
        assertThat(w.get(1).data()).containsExactly(1, 7, 4, 10);
        assertThat(w.get(2).data()).containsExactly(2, 8, 5, 11);
    }

    @Test
    void keras1ChannelsFirstConv2DIsTransposedAndTheanoKernelsFlipped() {
        // (filters=1, in=1, rows=2, cols=3) in Keras 1 'th' order.
        float[] v = {1, 2, 3, 4, 5, 6};
        LayerConfig conv = new LayerConfig("Conv2D", "c", Map.of("filters", 1, "kernel_size", List.of(2, 3),
                "data_format", "channels_first"), 1);
        List<NdArray> tf = new LegacyWeightConverter("t.h5", 1, false).convert(conv, List.of(NdArray.of(v, 1, 1, 2, 3)));
        assertThat(tf.get(0).shape()).containsExactly(2, 3, 1, 1);
        assertThat(tf.get(0).data()).containsExactly(1, 2, 3, 4, 5, 6);
        List<NdArray> th = new LegacyWeightConverter("t.h5", 1, true).convert(conv, List.of(NdArray.of(v, 1, 1, 2, 3)));
        assertThat(th.get(0).data()).containsExactly(6, 5, 4, 3, 2, 1);
    }

    @Test
    void transposeMatchesNumpySemantics() {
        NdArray a = NdArray.of(new float[] {0, 1, 2, 3, 4, 5}, 2, 3);
        NdArray t = WeightArrays.transpose(a, 1, 0);
        assertThat(t.shape()).containsExactly(3, 2);
        assertThat(t.data()).containsExactly(0, 3, 1, 4, 2, 5);
    }
}
