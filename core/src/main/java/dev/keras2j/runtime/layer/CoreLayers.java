package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.layer.DenseSpec;
import dev.keras2j.runtime.RuntimeLayer;

import java.util.Map;
import java.util.function.Function;

/** Registers the runtime's core layers. */
public final class CoreLayers {
    private CoreLayers() {
    }

    public static void register(Map<Class<? extends LayerSpec>, Function<CheckedLayer, RuntimeLayer>> f) {
        f.put(DenseSpec.class, DenseLayer::new);
    }
}
