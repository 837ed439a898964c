package dev.keras2j.model.layer;

import dev.keras2j.model.Shape;

/**
 * Output sizes and border padding of sliding windows (convolution, pooling, transposed convolution)
 * along one spatial axis, exactly as Keras's {@code compute_conv_output_shape},
 * {@code compute_pooling_output_shape} and {@code compute_conv_transpose_output_shape} and the
 * TensorFlow kernels define them. Shared by the specs (shapes) and the runtime (where windows start).
 */
public final class WindowArithmetic {
    /** Marks an absent {@code output_padding}. */
    public static final int NO_OUTPUT_PADDING = -1;

    private WindowArithmetic() {
    }

    /**
     * The extent a dilated kernel covers: {@code (kernel - 1) * dilation + 1}.
     *
     * @throws ArithmeticException when it overflows an int (the checker refuses the layer)
     */
    public static int effectiveKernel(int kernel, int dilation) {
        return Math.addExact(Math.multiplyExact(kernel - 1, dilation), 1);
    }

    /**
     * Number of window positions; {@link Shape#UNKNOWN} for an unknown input length. May be zero or
     * negative for {@code valid} windows larger than the input, which callers reject.
     */
    public static int outputLength(int in, int kernel, int stride, int dilation, Padding padding) {
        // The dilated extent first, whatever the padding: "same" sizes ignore it, but the window's placement
        // does not, so an extent that overflows is refused when the shapes are checked, not while running.
        int extent = effectiveKernel(kernel, dilation);
        if (in == Shape.UNKNOWN) {
            return Shape.UNKNOWN;
        }
        if (padding == Padding.VALID) {
            return Math.floorDiv(Math.subtractExact(in, extent), stride) + 1;
        }
        return Math.floorDiv(in - 1, stride) + 1;
    }

    /** Zeros (or ignored positions, for pooling) placed before the first input element. */
    public static int padBefore(int in, int kernel, int stride, int dilation, Padding padding) {
        return switch (padding) {
            case VALID -> 0;
            case CAUSAL -> Math.multiplyExact(kernel - 1, dilation);
            case SAME -> {
                int out = outputLength(in, kernel, stride, dilation, padding);
                // TensorFlow puts the odd element of the padding at the end.
                long total = (long) (out - 1) * stride + effectiveKernel(kernel, dilation) - in;
                yield Math.toIntExact(Math.max(total, 0) / 2);
            }
        };
    }

    /**
     * Output length of a transposed convolution ({@code _get_output_shape_given_tf_padding}).
     *
     * @param outputPadding the {@code output_padding} for this axis, or {@link #NO_OUTPUT_PADDING}
     */
    public static int transposeOutputLength(int in, int kernel, int stride, int dilation, Padding padding,
                                            int outputPadding) {
        if (in == Shape.UNKNOWN) {
            return Shape.UNKNOWN;
        }
        int k = effectiveKernel(kernel, dilation);
        if (padding == Padding.VALID) {
            int op = outputPadding == NO_OUTPUT_PADDING ? Math.max(k, stride) - k : outputPadding;
            return Math.toIntExact((long) (in - 1) * stride + k + op);
        }
        return Math.toIntExact(outputPadding == NO_OUTPUT_PADDING ? (long) in * stride
                : (long) (in - 1) * stride + k % 2 + outputPadding);
    }

    /**
     * How many leading positions of the full transposed convolution ({@code (in - 1) * stride + k}
     * long) are cut off: input element {@code i} and kernel tap {@code j} land at output
     * {@code i * stride + j * dilation - padBefore}. This is the {@code same} padding of the forward
     * convolution whose gradient TensorFlow computes, and equals {@code k - 1 - left_pad} of Keras's
     * JAX padding arguments, so both backends agree.
     */
    public static int transposePadBefore(int kernel, int stride, int dilation, Padding padding,
                                         int outputPadding) {
        if (padding == Padding.VALID) {
            return 0;
        }
        int k = effectiveKernel(kernel, dilation);
        long total = outputPadding == NO_OUTPUT_PADDING ? (long) k - stride : (long) k - k % 2 - outputPadding;
        return (int) (Math.max(total, 0) / 2);
    }
}
