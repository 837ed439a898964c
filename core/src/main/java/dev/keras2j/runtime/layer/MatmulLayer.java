package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

import java.util.List;

/** A batch of matrix products over the last two axes; each element a float sum in order of the inner axis. */
final class MatmulLayer implements RuntimeLayer {
    MatmulLayer(CheckedLayer layer) {
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        throw new IllegalStateException("matmul needs two inputs");
    }

    @Override
    public MaskedArray forward(List<MaskedArray> inputs) {
        NdArray a = inputs.get(0).values();
        NdArray b = inputs.get(1).values();
        int[] as = a.shape();
        int[] bs = b.shape();
        int r = as.length;
        int n = as[r - 2];
        int k = as[r - 1];
        int m = bs[r - 1];
        int matrices = a.size() / (n * k);
        float[] x = a.data();
        float[] y = b.data();
        float[] out = new float[matrices * n * m];
        for (int p = 0; p < matrices; p++) {
            int xo = p * n * k;
            int yo = p * k * m;
            int oo = p * n * m;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    float s = 0f;
                    for (int t = 0; t < k; t++) {
                        s = Math.fma(x[xo + i * k + t], y[yo + t * m + j], s);
                    }
                    out[oo + i * m + j] = s;
                }
            }
        }
        int[] shape = as.clone();
        shape[r - 1] = m;
        return MaskedArray.of(NdArray.of(out, shape));
    }
}
