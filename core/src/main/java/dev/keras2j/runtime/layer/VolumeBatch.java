package dev.keras2j.runtime.layer;

import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.DataFormat;

/**
 * A batch of examples with any number of spatial axes in the layout the N-D layers work on: channels last,
 * row-major {@code [n, d0, ..., dk, c]}. It is {@link ImageBatch} for the 3D layers (volumes, video), whose
 * kernels are tuned for images: channels-first arrays are transposed in and out, which moves values
 * without changing them.
 */
record VolumeBatch(float[] data, int n, int[] dims, int c) {

    /** Views or transposes a layer input with {@code rank} spatial axes into this layout. */
    static VolumeBatch of(NdArray x, int rank, DataFormat format) {
        int[] s = x.shape();
        boolean last = format == DataFormat.CHANNELS_LAST;
        int[] dims = java.util.Arrays.copyOfRange(s, last ? 1 : 2, last ? 1 + rank : 2 + rank);
        int c = last ? s[rank + 1] : s[1];
        if (last) {
            return new VolumeBatch(x.data(), s[0], dims, c);
        }
        float[] src = x.data();
        float[] out = new float[src.length];
        int positions = positions(dims);
        for (int b = 0; b < s[0]; b++) {
            int base = b * c * positions;
            for (int ch = 0; ch < c; ch++) {
                int from = base + ch * positions;
                for (int p = 0; p < positions; p++) {
                    out[base + p * c + ch] = src[from + p];
                }
            }
        }
        return new VolumeBatch(out, s[0], dims, c);
    }

    /** A zero-filled batch. */
    static VolumeBatch zeros(int n, int[] dims, int c) {
        int size = Math.multiplyExact(Math.multiplyExact(n, positions(dims)), c);
        return new VolumeBatch(new float[size], n, dims.clone(), c);
    }

    /** The number of spatial positions of one example (the product of {@code dims}). */
    static int positions(int[] dims) {
        int p = 1;
        for (int d : dims) {
            p = Math.multiplyExact(p, d);
        }
        return p;
    }

    /** Spatial positions of one example. */
    int positions() {
        return positions(dims);
    }

    /** Index of channel 0 at flat spatial position {@code p} of example {@code b}. */
    int offset(int b, int p) {
        return (b * positions() + p) * c;
    }

    /** Row-major flat position of spatial coordinates {@code at}. */
    int flat(int[] at) {
        int p = 0;
        for (int i = 0; i < dims.length; i++) {
            p = p * dims[i] + at[i];
        }
        return p;
    }

    /** Writes the spatial coordinates of flat position {@code p} into {@code at}. */
    static void coordinates(int p, int[] dims, int[] at) {
        for (int i = dims.length - 1; i >= 0; i--) {
            at[i] = p % dims[i];
            p /= dims[i];
        }
    }

    /** Back to the layer's layout. */
    NdArray toArray(DataFormat format) {
        int[] shape = new int[dims.length + 2];
        shape[0] = n;
        boolean last = format == DataFormat.CHANNELS_LAST;
        System.arraycopy(dims, 0, shape, last ? 1 : 2, dims.length);
        shape[last ? shape.length - 1 : 1] = c;
        if (last) {
            return NdArray.of(data, shape);
        }
        float[] out = new float[data.length];
        int positions = positions();
        for (int b = 0; b < n; b++) {
            int base = b * c * positions;
            for (int p = 0; p < positions; p++) {
                int from = base + p * c;
                for (int ch = 0; ch < c; ch++) {
                    out[base + ch * positions + p] = data[from + ch];
                }
            }
        }
        return NdArray.of(out, shape);
    }
}
