package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.RepeatVectorSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

/** RepeatVector: each example's vector repeated n times along a new axis 1; Keras drops the mask here. */
final class RepeatVectorLayer implements RuntimeLayer {
    private final int n;

    RepeatVectorLayer(CheckedLayer layer) {
        this.n = ((RepeatVectorSpec) layer.spec()).n();
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        NdArray x = input.values();
        int batch = x.dim(0);
        int features = x.dim(1);
        float[] in = x.data();
        float[] out = new float[Math.multiplyExact(Math.multiplyExact(batch, n), features)];
        for (int b = 0; b < batch; b++) {
            for (int r = 0; r < n; r++) {
                System.arraycopy(in, b * features, out, (b * n + r) * features, features);
            }
        }
        return MaskedArray.of(NdArray.of(out, batch, n, features));
    }
}
