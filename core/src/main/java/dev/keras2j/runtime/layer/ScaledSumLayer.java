package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.ScaledSumSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

import java.util.List;

/** InceptionResNetV2's {@code CustomScaleLayer}: {@code a + b * scale}, rounded after the product as Keras does. */
final class ScaledSumLayer implements RuntimeLayer {
    private final ScaledSumSpec spec;

    ScaledSumLayer(CheckedLayer layer) {
        this.spec = (ScaledSumSpec) layer.spec();
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        throw new IllegalStateException(spec.describe() + " needs two inputs");
    }

    @Override
    public MaskedArray forward(List<MaskedArray> inputs) {
        NdArray a = inputs.get(0).values();
        float[] x = a.data();
        float[] y = inputs.get(1).values().data();
        float s = spec.scale();
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            float product = y[i] * s;
            out[i] = x[i] + product;
        }
        return MaskedArray.of(NdArray.of(out, a.shape()));
    }
}
