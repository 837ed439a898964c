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
import dev.keras2j.model.layer.SlidingWindowSpec;
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
        // The 3D layers run on the N-D path (VolumeBatch): the 1D/2D kernels are tuned for images.
        f.put(ConvSpec.class, l -> volume(l) ? new VolumeConvLayer(l) : new ConvLayer(l));
        f.put(DepthwiseConvSpec.class, DepthwiseConvLayer::new);
        f.put(SeparableConvSpec.class, SeparableConvLayer::new);
        f.put(ConvTransposeSpec.class, l -> volume(l) ? new VolumeConvTransposeLayer(l) : new ConvTransposeLayer(l));
        f.put(PoolingSpec.class, l -> volume(l) ? new VolumePoolingLayer(l) : new PoolingLayer(l));
        f.put(GlobalPoolingSpec.class, GlobalPoolingLayer::new);
        f.put(ZeroPaddingSpec.class, l -> volume(l) ? VolumeBorderLayer.padding(l) : new ZeroPaddingLayer(l));
        f.put(CroppingSpec.class, l -> volume(l) ? VolumeBorderLayer.cropping(l) : new CroppingLayer(l));
        f.put(UpSamplingSpec.class, l -> volume(l) ? new VolumeUpSamplingLayer(l) : new UpSamplingLayer(l));
    }

    /** Whether a layer has more spatial axes than the image kernels handle (a 3D layer). */
    private static boolean volume(CheckedLayer layer) {
        return ((SlidingWindowSpec) layer.spec()).rank() > 2;
    }
}
