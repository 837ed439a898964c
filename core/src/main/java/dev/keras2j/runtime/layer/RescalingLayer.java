package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.RescalingSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

/** Rescaling: {@code x * scale + offset}, each step rounded to float32 as Keras computes it; mask passes through. */
final class RescalingLayer implements RuntimeLayer {
    private final float[] scale;
    private final float[] offset;

    RescalingLayer(CheckedLayer layer) {
        RescalingSpec spec = (RescalingSpec) layer.spec();
        this.scale = spec.broadcastScale(layer.inputShape());
        this.offset = spec.broadcastOffset(layer.inputShape());
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        NdArray x = input.values();
        float[] in = x.data();
        float[] out = new float[in.length];
        int period = scale.length;
        for (int i = 0; i < in.length; i++) {
            int j = i % period;
            float scaled = in[i] * scale[j];
            out[i] = scaled + offset[j];
        }
        return input.withValues(NdArray.of(out, x.shape()));
    }
}
