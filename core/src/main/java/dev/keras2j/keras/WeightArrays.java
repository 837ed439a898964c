package dev.keras2j.keras;

import dev.keras2j.model.NdArray;

import java.util.List;

/** Layout operations on weight arrays used to bring Keras 1/2 weights into Keras 3's layout. */
final class WeightArrays {
    private WeightArrays() {
    }

    /** {@code np.transpose(a, perm)}. */
    static NdArray transpose(NdArray a, int... perm) {
        int[] shape = a.shape();
        int rank = shape.length;
        if (perm.length != rank) {
            throw new IllegalArgumentException("cannot transpose " + a.shapeString() + " with " + perm.length + " axes");
        }
        int[] outShape = new int[rank];
        for (int i = 0; i < rank; i++) {
            outShape[i] = shape[perm[i]];
        }
        int[] inStrides = strides(shape);
        int[] strideForOut = new int[rank];
        for (int i = 0; i < rank; i++) {
            strideForOut[i] = inStrides[perm[i]];
        }
        float[] src = a.data();
        float[] dst = new float[src.length];
        int[] idx = new int[rank];
        for (int o = 0; o < dst.length; o++) {
            int off = 0;
            for (int i = 0; i < rank; i++) {
                off += idx[i] * strideForOut[i];
            }
            dst[o] = src[off];
            for (int i = rank - 1; i >= 0; i--) {
                if (++idx[i] < outShape[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return NdArray.of(dst, outShape);
    }

    /**
     * Keras's {@code conv_utils.convert_kernel}: reverses every axis except the last two (input and output
     * channels), turning a Theano convolution kernel into a cross-correlation kernel.
     */
    static NdArray flipSpatial(NdArray a) {
        int[] shape = a.shape();
        int rank = shape.length;
        int[] strides = strides(shape);
        float[] src = a.data();
        float[] dst = new float[src.length];
        int[] idx = new int[rank];
        for (int o = 0; o < dst.length; o++) {
            int off = 0;
            for (int i = 0; i < rank; i++) {
                int j = i < rank - 2 ? shape[i] - 1 - idx[i] : idx[i];
                off += j * strides[i];
            }
            dst[o] = src[off];
            for (int i = rank - 1; i >= 0; i--) {
                if (++idx[i] < shape[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return NdArray.of(dst, shape);
    }

    /** {@code np.concatenate(parts, axis=-1)}; all parts share every axis but the last. */
    static NdArray concatLast(List<NdArray> parts) {
        int[] first = parts.get(0).shape();
        int rank = first.length;
        int outer = 1;
        for (int i = 0; i < rank - 1; i++) {
            outer *= first[i];
        }
        int total = 0;
        for (NdArray p : parts) {
            int[] s = p.shape();
            if (s.length != rank) {
                throw new IllegalArgumentException("cannot concatenate " + p.shapeString() + " with " + parts.get(0).shapeString());
            }
            for (int i = 0; i < rank - 1; i++) {
                if (s[i] != first[i]) {
                    throw new IllegalArgumentException("cannot concatenate " + p.shapeString() + " with " + parts.get(0).shapeString());
                }
            }
            total += s[rank - 1];
        }
        float[] dst = new float[outer * total];
        int col = 0;
        for (NdArray p : parts) {
            int w = p.dim(-1);
            float[] src = p.data();
            for (int r = 0; r < outer; r++) {
                System.arraycopy(src, r * w, dst, r * total + col, w);
            }
            col += w;
        }
        int[] outShape = first.clone();
        outShape[rank - 1] = total;
        return NdArray.of(dst, outShape);
    }

    /** {@code a[:, 0, :, :]} of a rank-4 array. */
    static NdArray dropAxis1(NdArray a) {
        int[] s = a.shape();
        int inner = s[2] * s[3];
        float[] dst = new float[s[0] * inner];
        for (int i = 0; i < s[0]; i++) {
            System.arraycopy(a.data(), i * s[1] * inner, dst, i * inner, inner);
        }
        return NdArray.of(dst, s[0], s[2], s[3]);
    }

    private static int[] strides(int[] shape) {
        int[] st = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = acc;
            acc *= shape[i];
        }
        return st;
    }
}
