package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.runtime.RuntimeLayer;

import java.util.Map;
import java.util.function.Function;

/** Registers the runtime's convolution, pooling, padding and resizing layers. */
public final class ConvolutionLayers {
    private ConvolutionLayers() {
    }

    public static void register(Map<Class<? extends LayerSpec>, Function<CheckedLayer, RuntimeLayer>> f) {
    }
}
