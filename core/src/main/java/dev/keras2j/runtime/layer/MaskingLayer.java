package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.MaskingSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

/**
 * Masking: a timestep is real when any feature differs from mask_value (so a NaN feature keeps it);
 * masked timesteps become zeros. Any incoming mask is replaced, as Keras's {@code Masking.compute_mask}
 * ignores it.
 */
final class MaskingLayer implements RuntimeLayer {
    private final float maskValue;

    MaskingLayer(CheckedLayer layer) {
        this.maskValue = (float) ((MaskingSpec) layer.spec()).maskValue();
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        NdArray x = input.values();
        float[] in = x.data();
        int features = x.dim(-1);
        int steps = features == 0 ? 0 : in.length / features;
        float[] out = new float[in.length];
        boolean[] mask = new boolean[steps];
        for (int s = 0; s < steps; s++) {
            boolean real = false;
            for (int j = s * features; j < (s + 1) * features && !real; j++) {
                real = in[j] != maskValue;
            }
            mask[s] = real;
            if (real) {
                System.arraycopy(in, s * features, out, s * features, features);
            }
        }
        return new MaskedArray(NdArray.of(out, x.shape()), mask);
    }
}
