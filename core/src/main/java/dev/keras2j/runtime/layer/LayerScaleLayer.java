package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

/** ConvNeXt's LayerScale: {@code x * gamma} over the last axis. */
final class LayerScaleLayer implements RuntimeLayer {
    private final float[] gamma;

    LayerScaleLayer(CheckedLayer layer) {
        this.gamma = layer.weight("gamma").data();
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        NdArray x = input.values();
        float[] in = x.data();
        float[] out = new float[in.length];
        int n = gamma.length;
        for (int i = 0; i < in.length; i++) {
            out[i] = in[i] * gamma[i % n];
        }
        return input.withValues(NdArray.of(out, x.shape()));
    }
}
