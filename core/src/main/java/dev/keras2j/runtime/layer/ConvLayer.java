package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.ConvSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;
import dev.keras2j.runtime.kernel.ActivationFunctions;
import dev.keras2j.runtime.kernel.Gemm;
import dev.keras2j.runtime.kernel.Parallelism;
import dev.keras2j.runtime.kernel.PreparedMatrix;
import dev.keras2j.runtime.kernel.VectorSupport;

/**
 * Conv1D / Conv2D as im2col + Gemm, one example and one channel group at a time so the patch matrix
 * stays proportional to a single example.
 *
 * <p>With few filters per group and stride 1, {@code patches · kernel} would have a right-hand side too
 * narrow for {@link Gemm}'s vectorized inner loop; then the layer computes the transpose
 * {@code kernelᵀ · patchesᵀ}, whose inner loop runs over the output pixels. Its patch rows are contiguous
 * runs of zero-padded channel planes, so building them is plain copying. The Vector API kernel has no such
 * limit (its tile is 8 columns wide) and is faster the other way round, where the packed operand is the
 * small kernel, so once {@link VectorSupport#ready()} the layer computes {@code patches · kernel}. Both
 * orientations give bit-identical outputs: {@link Gemm} sums every element in one order, the two
 * orientations multiply the same pairs, and both start each output from its bias.
 */
final class ConvLayer implements RuntimeLayer {
    private final ConvSpec spec;
    /** Per group: the kernel's rows {@code (ky, kx, ci)} by that group's output channels. */
    private final PreparedMatrix[] groupKernels;
    private final float[] bias;
    private final int inPerGroup;
    private final int outPerGroup;
    /** The stored kernel {@code [kh * kw * inPerGroup, filters]}, kept for the transposed copies. */
    private final float[] kernel;
    /** Whether the transposed product may be used: few filters per group and stride 1. */
    private final boolean transposable;
    /**
     * Per group, {@code [outPerGroup][kh * kw * inPerGroup]}, built by the first transposed product: a load
     * does not pay for it, and a JVM whose Vector API path is ready never needs it.
     */
    private volatile float[][] groupKernelsT;
    /** Below this many filters per group the transposed product is faster (see LayerBenchmark). */
    private static final int NARROW = 128;

    ConvLayer(CheckedLayer layer) {
        this.spec = (ConvSpec) layer.spec();
        NdArray k = layer.weight("kernel");
        int groups = spec.groups();
        int filters = spec.filters();
        this.inPerGroup = k.dim(-2);
        this.outPerGroup = filters / groups;
        int rows = k.size() / filters;
        this.kernel = k.data();
        this.groupKernels = new PreparedMatrix[groups];
        for (int g = 0; g < groups; g++) {
            groupKernels[g] = groups == 1 ? PreparedMatrix.of(kernel, rows, filters)
                    : PreparedMatrix.columns(kernel, rows, filters, g * outPerGroup, outPerGroup);
        }
        boolean stride1 = java.util.Arrays.stream(spec.strides()).allMatch(st -> st == 1);
        this.transposable = outPerGroup < NARROW && stride1;
        this.bias = spec.useBias() ? layer.weight("bias").data() : null;
    }

    private float[][] transposedKernels() {
        float[][] t = groupKernelsT;
        if (t == null) {
            int filters = spec.filters();
            int rows = kernel.length / filters;
            t = new float[groupKernels.length][rows * outPerGroup];
            for (int g = 0; g < t.length; g++) {
                for (int r = 0; r < rows; r++) {
                    for (int f = 0; f < outPerGroup; f++) {
                        t[g][f * rows + r] = kernel[r * filters + g * outPerGroup + f];
                    }
                }
            }
            groupKernelsT = t;
        }
        return t;
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        ImageBatch x = ImageBatch.of(input.values(), spec.rank(), spec.dataFormat());
        ConvGeometry g = ConvGeometry.forward(spec, x.h(), x.w());
        int filters = spec.filters();
        ImageBatch out = ImageBatch.zeros(x.n(), g.outH(), g.outW(), filters);
        int rows = g.outH() * g.outW();
        int cols = g.kh() * g.kw() * inPerGroup;
        if (transposable && rows >= 2 * outPerGroup && !VectorSupport.ready()) {
            return forwardTransposed(x, g, out, rows, cols);
        }
        float[] o = out.data();
        // Examples are shared out between the kernel threads, each with its own patch buffer: im2col then
        // runs in parallel too, and each product is large enough alone (a product within one of these
        // ranges still splits further when a thread is idle).
        Parallelism.forRange(x.n(), x.n() > 1, (b0, b1) -> {
            float[] patches = new float[rows * cols];
            float[] groupOut = groupKernels.length == 1 ? null : new float[rows * outPerGroup];
            for (int b = b0; b < b1; b++) {
                int outBase = b * rows * filters;
                for (int grp = 0; grp < groupKernels.length; grp++) {
                    Im2Col.fill(x, b, g, grp * inPerGroup, inPerGroup, patches);
                    int col0 = grp * outPerGroup;
                    if (groupOut == null) {
                        startFromBias(o, outBase, rows, 0, filters);
                        Gemm.multiplyAdd(patches, 0, groupKernels[grp], o, outBase, rows);
                    } else {
                        startFromBias(groupOut, 0, rows, col0, outPerGroup);
                        Gemm.multiplyAdd(patches, 0, groupKernels[grp], groupOut, 0, rows);
                        for (int r = 0; r < rows; r++) {
                            System.arraycopy(groupOut, r * outPerGroup, o, outBase + r * filters + col0, outPerGroup);
                        }
                    }
                }
            }
        });
        return finish(out);
    }

    private MaskedArray forwardTransposed(ImageBatch x, ConvGeometry g, ImageBatch out, int rows, int cols) {
        int filters = spec.filters();
        int planes = (g.outH() + (g.kh() - 1) * g.dh()) * (g.outW() + (g.kw() - 1) * g.dw());
        float[] o = out.data();
        float[][] kernelsT = transposedKernels();
        Parallelism.forRange(x.n(), x.n() > 1, (b0, b1) -> {
            float[] padded = new float[inPerGroup * planes];
            float[] patchesT = new float[rows * cols];
            float[] outT = new float[outPerGroup * rows];
            for (int b = b0; b < b1; b++) {
                int outBase = b * rows * filters;
                for (int grp = 0; grp < kernelsT.length; grp++) {
                    Im2Col.padPlanes(x, b, g, grp * inPerGroup, inPerGroup, padded);
                    Im2Col.fillTransposed(padded, g, inPerGroup, patchesT);
                    int col0 = grp * outPerGroup;
                    for (int f = 0; f < outPerGroup; f++) {
                        java.util.Arrays.fill(outT, f * rows, (f + 1) * rows, bias == null ? 0f : bias[col0 + f]);
                    }
                    Gemm.multiplyAdd(kernelsT[grp], 0, patchesT, 0, outT, 0, outPerGroup, cols, rows);
                    for (int r = 0; r < rows; r++) {
                        int dst = outBase + r * filters + col0;
                        for (int f = 0; f < outPerGroup; f++) {
                            o[dst + f] = outT[f * rows + r];
                        }
                    }
                }
            }
        });
        return finish(out);
    }

    /** Sets {@code rows} rows of {@code width} from {@code at} to {@code bias[from, from + width)}, or zeros. */
    private void startFromBias(float[] dst, int at, int rows, int from, int width) {
        for (int r = 0; r < rows; r++) {
            if (bias == null) {
                java.util.Arrays.fill(dst, at + r * width, at + (r + 1) * width, 0f);
            } else {
                System.arraycopy(bias, from, dst, at + r * width, width);
            }
        }
    }

    private MaskedArray finish(ImageBatch out) {
        NdArray y = out.toArray(spec.rank(), spec.dataFormat());
        ActivationFunctions.apply(spec.activation(), y.data(), y.shape());
        // Keras drops the mask: convolutions do not support masking.
        return MaskedArray.of(y);
    }
}
