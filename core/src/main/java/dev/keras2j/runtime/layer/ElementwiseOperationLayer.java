package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.ElementwiseOperationSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

/** Element-wise operations of one tensor; operations carry no mask. */
final class ElementwiseOperationLayer implements RuntimeLayer {
    private final ElementwiseOperationSpec spec;

    ElementwiseOperationLayer(CheckedLayer layer) {
        this.spec = (ElementwiseOperationSpec) layer.spec();
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        NdArray x = input.values();
        float[] in = x.data();
        float[] out = new float[in.length];
        float lo = spec.min();
        float hi = spec.max();
        switch (spec.kind()) {
            case ABSOLUTE -> { for (int i = 0; i < in.length; i++) out[i] = Math.abs(in[i]); }
            // sqrt and division are correctly rounded in float, as in every backend
            case SQRT -> { for (int i = 0; i < in.length; i++) out[i] = (float) Math.sqrt(in[i]); }
            case SQUARE -> { for (int i = 0; i < in.length; i++) out[i] = in[i] * in[i]; }
            case LOG -> { for (int i = 0; i < in.length; i++) out[i] = (float) Math.log(in[i]); }
            case NEGATIVE -> { for (int i = 0; i < in.length; i++) out[i] = -in[i]; }
            case RECIPROCAL -> { for (int i = 0; i < in.length; i++) out[i] = 1f / in[i]; }
            case FLOOR -> { for (int i = 0; i < in.length; i++) out[i] = (float) Math.floor(in[i]); }
            case CEIL -> { for (int i = 0; i < in.length; i++) out[i] = (float) Math.ceil(in[i]); }
            case SIGN -> { for (int i = 0; i < in.length; i++) out[i] = Math.signum(in[i]); }
            // numpy's clip: minimum(maximum(x, x_min), x_max)
            case CAST -> System.arraycopy(in, 0, out, 0, in.length);
            case CLIP -> { for (int i = 0; i < in.length; i++) out[i] = Math.min(Math.max(in[i], lo), hi); }
        }
        return MaskedArray.of(NdArray.of(out, x.shape()));
    }
}
