package dev.keras2j.runtime.layer;

import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.DataFormat;

/**
 * A batch of 1D or 2D examples in the one layout the kernels work on: channels last, row-major
 * {@code [n, h, w, c]}, a 1D sequence being an image of height 1. Channels-first arrays are transposed
 * in and out, which moves values without changing them.
 */
record ImageBatch(float[] data, int n, int h, int w, int c) {

    /** Views or transposes a layer input of spatial rank 1 or 2 into this layout. */
    static ImageBatch of(NdArray x, int rank, DataFormat format) {
        int[] s = x.shape();
        int n = s[0];
        boolean last = format == DataFormat.CHANNELS_LAST;
        int c = last ? s[s.length - 1] : s[1];
        int h = rank == 1 ? 1 : (last ? s[1] : s[2]);
        int w = last ? s[rank] : s[rank + 1];
        if (last) {
            return new ImageBatch(x.data(), n, h, w, c);
        }
        float[] src = x.data();
        float[] out = new float[src.length];
        int hw = h * w;
        for (int b = 0; b < n; b++) {
            int base = b * c * hw;
            for (int ch = 0; ch < c; ch++) {
                int from = base + ch * hw;
                for (int p = 0; p < hw; p++) {
                    out[base + p * c + ch] = src[from + p];
                }
            }
        }
        return new ImageBatch(out, n, h, w, c);
    }

    /** A zero-filled batch. */
    static ImageBatch zeros(int n, int h, int w, int c) {
        return new ImageBatch(new float[Math.multiplyExact(Math.multiplyExact(n, h), Math.multiplyExact(w, c))],
                n, h, w, c);
    }

    /** Index of element {@code (b, y, x, 0)}. */
    int offset(int b, int y, int x) {
        return ((b * h + y) * w + x) * c;
    }

    /** Back to the layer's layout, as an array of spatial rank 1 or 2. */
    NdArray toArray(int rank, DataFormat format) {
        boolean last = format == DataFormat.CHANNELS_LAST;
        int[] shape;
        if (rank == 1) {
            shape = last ? new int[] {n, w, c} : new int[] {n, c, w};
        } else {
            shape = last ? new int[] {n, h, w, c} : new int[] {n, c, h, w};
        }
        if (last) {
            return NdArray.of(data, shape);
        }
        float[] out = new float[data.length];
        int hw = h * w;
        for (int b = 0; b < n; b++) {
            int base = b * c * hw;
            for (int p = 0; p < hw; p++) {
                int from = base + p * c;
                for (int ch = 0; ch < c; ch++) {
                    out[base + ch * hw + p] = data[from + ch];
                }
            }
        }
        return NdArray.of(out, shape);
    }
}
