package dev.keras2j.export.onnx;

import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.layer.DataFormat;
import dev.keras2j.model.layer.Padding;
import dev.keras2j.model.layer.WindowArithmetic;

/**
 * Moving between Keras's channels-last tensors and the channels-first layout ONNX's convolution and
 * pooling operators compute in, for values (Transpose nodes) and weights (permuted copies), and the
 * explicit border padding of Keras's window options.
 */
final class Layouts {
    private Layouts() {
    }

    /** {@code x} in channels-first order for a window op over {@code spatialRank} axes (a no-op when it already is). */
    static String toChannelsFirst(OnnxGraph g, String x, int spatialRank, DataFormat format, String hint) {
        if (format == DataFormat.CHANNELS_FIRST) {
            return x;
        }
        int[] perm = new int[spatialRank + 2];
        perm[1] = spatialRank + 1;
        for (int i = 0; i < spatialRank; i++) {
            perm[i + 2] = i + 1;
        }
        return g.transpose(x, hint + "_nchw", perm);
    }

    /** The inverse of {@link #toChannelsFirst}. */
    static String fromChannelsFirst(OnnxGraph g, String x, int spatialRank, DataFormat format, String hint) {
        if (format == DataFormat.CHANNELS_FIRST) {
            return x;
        }
        int[] perm = new int[spatialRank + 2];
        for (int i = 0; i < spatialRank; i++) {
            perm[i + 1] = i + 2;
        }
        perm[spatialRank + 1] = 1;
        return g.transpose(x, hint + "_nhwc", perm);
    }

    /**
     * ONNX {@code pads} ({@code [begin..., end...]}) for Keras's padding over the given input, or {@code null}
     * when a {@code same} axis has an unknown length (then {@code auto_pad=SAME_UPPER}, TensorFlow's rule, applies).
     */
    static long[] pads(Shape input, DataFormat format, int[] kernel, int[] strides, int[] dilation, Padding padding) {
        int r = kernel.length;
        long[] pads = new long[2 * r];
        for (int i = 0; i < r; i++) {
            int in = input.dim(format.spatialAxis(i));
            int k = WindowArithmetic.effectiveKernel(kernel[i], dilation[i]);
            switch (padding) {
                case VALID -> {
                }
                case CAUSAL -> pads[i] = k - 1;
                case SAME -> {
                    if (in == Shape.UNKNOWN) {
                        return null;
                    }
                    int out = WindowArithmetic.outputLength(in, kernel[i], strides[i], dilation[i], padding);
                    int total = Math.max((out - 1) * strides[i] + k - in, 0);
                    pads[i] = WindowArithmetic.padBefore(in, kernel[i], strides[i], dilation[i], padding);
                    pads[i + r] = total - pads[i];
                }
            }
        }
        return pads;
    }

    /** A copy of {@code a} with its axes permuted: output axis {@code i} is input axis {@code perm[i]}. */
    static NdArray permute(NdArray a, int... perm) {
        int[] in = a.shape();
        int n = in.length;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = in[perm[i]];
        }
        int[] inStrides = new int[n];
        int s = 1;
        for (int i = n - 1; i >= 0; i--) {
            inStrides[i] = s;
            s *= in[i];
        }
        float[] src = a.data();
        float[] dst = new float[src.length];
        int[] idx = new int[n];
        for (int o = 0; o < dst.length; o++) {
            int off = 0;
            for (int i = 0; i < n; i++) {
                off += idx[i] * inStrides[perm[i]];
            }
            dst[o] = src[off];
            for (int i = n - 1; i >= 0; i--) {
                if (++idx[i] < out[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return NdArray.of(dst, out);
    }

    /** Keras's kernel layout {@code [k..., a, b]} as ONNX's {@code [b, a, k...]}. */
    static NdArray kernelToOnnx(NdArray kernel) {
        int n = kernel.rank();
        int[] perm = new int[n];
        perm[0] = n - 1;
        perm[1] = n - 2;
        for (int i = 0; i < n - 2; i++) {
            perm[i + 2] = i;
        }
        return permute(kernel, perm);
    }
}
