package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.layer.BidirectionalSpec;
import dev.keras2j.model.layer.ConvLstmSpec;
import dev.keras2j.model.layer.EmbeddingSpec;
import dev.keras2j.model.layer.GruSpec;
import dev.keras2j.model.layer.LstmSpec;
import dev.keras2j.model.layer.MaskingSpec;
import dev.keras2j.model.layer.SimpleRnnSpec;
import dev.keras2j.model.layer.TimeDistributedSpec;
import dev.keras2j.runtime.RuntimeLayer;

import java.util.Map;
import java.util.function.Function;

/** Registers the runtime's recurrent layers, wrappers, Embedding and Masking. */
public final class RecurrentLayers {
    private RecurrentLayers() {
    }

    public static void register(Map<Class<? extends LayerSpec>, Function<CheckedLayer, RuntimeLayer>> f) {
        f.put(SimpleRnnSpec.class, RecurrentLayer::new);
        f.put(LstmSpec.class, RecurrentLayer::new);
        f.put(GruSpec.class, RecurrentLayer::new);
        f.put(BidirectionalSpec.class, BidirectionalLayer::new);
        f.put(TimeDistributedSpec.class, TimeDistributedLayer::new);
        f.put(EmbeddingSpec.class, EmbeddingLayer::new);
        f.put(MaskingSpec.class, MaskingLayer::new);
        f.put(ConvLstmSpec.class, ConvLstmLayer::new);
    }

    /**
     * The initial states a call passes from input {@code from} on ({@code count} of them), or null when it
     * passes none: the states then start at zero.
     */
    static float[][] initialStates(java.util.List<dev.keras2j.runtime.MaskedArray> inputs, int from, int count) {
        if (inputs.size() <= from) {
            return null;
        }
        float[][] states = new float[count][];
        for (int i = 0; i < count; i++) {
            states[i] = inputs.get(from + i).values().data();
        }
        return states;
    }
}
