package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;

import java.util.Map;
import java.util.function.Function;

/** Registers recurrent layers, their wrappers, Embedding and Masking. */
final class RecurrentSpecs {
    private RecurrentSpecs() {
    }

    static void register(Map<String, Function<LayerConfig, LayerSpec>> f) {
        f.put("SimpleRNN", SimpleRnnSpec::new);
        f.put("LSTM", LstmSpec::new);
        f.put("GRU", GruSpec::new);
        f.put("Bidirectional", BidirectionalSpec::new);
        f.put("TimeDistributed", TimeDistributedSpec::new);
        f.put("Embedding", EmbeddingSpec::new);
        f.put("Masking", MaskingSpec::new);
        for (int rank = 1; rank <= 3; rank++) {
            int r = rank;
            f.put("ConvLSTM" + rank + "D", c -> new ConvLstmSpec(c, r));
        }
    }
}
