package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.FlattenSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;
import dev.keras2j.runtime.kernel.Transpose;

/** Flatten, moving channels last first for channels_first data; Keras drops the mask here. */
final class FlattenLayer implements RuntimeLayer {
    private final boolean channelsFirst;

    FlattenLayer(CheckedLayer layer) {
        this.channelsFirst = ((FlattenSpec) layer.spec()).channelsFirst();
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        NdArray x = input.values();
        int[] shape = x.shape();
        int batch = shape[0];
        float[] data = x.data();
        if (channelsFirst && shape.length > 2) {
            int[] perm = new int[shape.length];
            for (int i = 1; i < shape.length - 1; i++) {
                perm[i] = i + 1;
            }
            perm[shape.length - 1] = 1;
            data = Transpose.apply(data, shape, perm);
        }
        int features = batch == 0 ? 0 : data.length / batch;
        if (shape.length == 1) {
            features = 1;
        }
        return MaskedArray.of(NdArray.of(data, batch, features));
    }
}
