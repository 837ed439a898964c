package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.layer.ConvSpec;
import dev.keras2j.model.layer.ConvTransposeSpec;
import dev.keras2j.model.layer.CroppingSpec;
import dev.keras2j.model.layer.DepthwiseConvSpec;
import dev.keras2j.model.layer.GlobalPoolingSpec;
import dev.keras2j.model.layer.PoolingSpec;
import dev.keras2j.model.layer.SeparableConvSpec;
import dev.keras2j.model.layer.UpSamplingSpec;
import dev.keras2j.model.layer.ZeroPaddingSpec;
import dev.keras2j.runtime.RuntimeLayer;

import java.util.Map;
import java.util.function.Function;

/** Registers the runtime's convolution, pooling, padding and resizing layers. */
public final class ConvolutionLayers {
    private ConvolutionLayers() {
    }

    public static void register(Map<Class<? extends LayerSpec>, Function<CheckedLayer, RuntimeLayer>> f) {
        f.put(ConvSpec.class, ConvLayer::new);
        f.put(DepthwiseConvSpec.class, DepthwiseConvLayer::new);
        f.put(SeparableConvSpec.class, SeparableConvLayer::new);
        f.put(ConvTransposeSpec.class, ConvTransposeLayer::new);
        f.put(PoolingSpec.class, PoolingLayer::new);
        f.put(GlobalPoolingSpec.class, GlobalPoolingLayer::new);
        f.put(ZeroPaddingSpec.class, ZeroPaddingLayer::new);
        f.put(CroppingSpec.class, CroppingLayer::new);
        f.put(UpSamplingSpec.class, UpSamplingLayer::new);
    }
}
