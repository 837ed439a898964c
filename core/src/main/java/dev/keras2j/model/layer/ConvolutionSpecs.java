package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;

import java.util.Map;
import java.util.function.Function;

/** Registers convolution, pooling, padding, cropping and upsampling layers. */
final class ConvolutionSpecs {
    private ConvolutionSpecs() {
    }

    static void register(Map<String, Function<LayerConfig, LayerSpec>> f) {
    }
}
