package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.PermuteSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;
import dev.keras2j.runtime.kernel.Transpose;

/** Permute of the non-batch axes; Keras drops the mask here. */
final class PermuteLayer implements RuntimeLayer {
    private final int[] perm;

    PermuteLayer(CheckedLayer layer) {
        int[] dims = ((PermuteSpec) layer.spec()).dims();
        this.perm = new int[dims.length + 1];
        System.arraycopy(dims, 0, perm, 1, dims.length);
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        NdArray x = input.values();
        int[] shape = x.shape();
        float[] out = Transpose.apply(x.data(), shape, perm);
        return MaskedArray.of(NdArray.of(out, Transpose.permutedShape(shape, perm)));
    }
}
