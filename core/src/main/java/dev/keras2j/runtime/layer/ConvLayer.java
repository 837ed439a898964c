package dev.keras2j.runtime.layer;

import dev.keras2j.model.ActivationSpec;
import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.ConvSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;
import dev.keras2j.runtime.kernel.ActivationFunctions;
import dev.keras2j.runtime.kernel.ConvPatches;
import dev.keras2j.runtime.kernel.Gemm;
import dev.keras2j.runtime.kernel.Parallelism;
import dev.keras2j.runtime.kernel.PreparedMatrix;
import dev.keras2j.runtime.kernel.ShiftedRows;

/**
 * Conv1D / Conv2D as a matrix multiply, one example and one channel group at a time.
 *
 * <p>With few filters per group and stride 1, {@code patches · kernel} would have a right-hand side too
 * narrow for the portable {@link Gemm}'s vectorized inner loop, and its patch matrix would be packed for
 * the Vector API kernel value by value while each value serves only a few filters. Then the layer computes
 * the transpose {@code kernelᵀ · patchesᵀ}, whose rows are runs of the zero-padded channel planes
 * ({@link ShiftedRows}): the Vector API path reads them in place, the portable path copies them out. Otherwise it computes {@code patches · kernel}, the Vector API path gathering the
 * windows straight from the image ({@link ConvPatches}), the portable path building the patch matrix.
 * All of these give bit-identical outputs: {@link Gemm} sums every element in one order, the orientations
 * multiply the same pairs, and all start each output from its bias.
 *
 * <p>A 3×3, stride-1 Conv2D with enough input channels runs by Winograd's F(2×2, 3×3) instead
 * ({@link WinogradConv}): 2.25 times fewer multiplies, outputs within a few roundings of the direct ones. The
 * choice depends on the layer alone, never on the batch, so an example gets the same bits in any batch.
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
    /** Whether the transposed product is used: few filters per group and stride 1. */
    private final boolean transposable;
    /** Per group, {@code [outPerGroup][kh * kw * inPerGroup]}, built by the first transposed product (not at load). */
    private volatile PreparedMatrix[] groupKernelsT;
    /**
     * Below this many filters per group the transposed product is faster, or as fast (see LayerBenchmark: with
     * 128 filters it is faster at batch 1, where its output rows are shared out in bands, and as fast at
     * batch 32).
     */
    private static final int NARROW = 256;
    /** The Winograd path, for the layers it takes; else null. */
    private final WinogradConv winograd;
    /**
     * The activation when it is element-wise and not linear, applied to each part of the output as soon as it
     * is written, while it is still in cache (a separate pass over a batch of feature maps, tens of MB, ran at
     * the speed of memory); else null. {@link #finish} applies the activation when no part did.
     */
    private final ActivationSpec fused;

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
        this.transposable = outPerGroup < NARROW && spec.unitStrides();
        this.bias = spec.useBias() ? layer.weight("bias").data() : null;
        this.winograd = WinogradConv.takes(spec, inPerGroup) ? new WinogradConv(kernel, inPerGroup, filters, bias) : null;
        ActivationSpec act = spec.activation();
        this.fused = act.elementwise() && act.kind() != ActivationSpec.Kind.LINEAR ? act : null;
    }

    private PreparedMatrix[] transposedKernels() {
        PreparedMatrix[] t = groupKernelsT;
        if (t == null) {
            int filters = spec.filters();
            int rows = kernel.length / filters;
            t = new PreparedMatrix[groupKernels.length];
            for (int g = 0; g < t.length; g++) {
                float[] kt = new float[rows * outPerGroup];
                for (int r = 0; r < rows; r++) {
                    for (int f = 0; f < outPerGroup; f++) {
                        kt[f * rows + r] = kernel[r * filters + g * outPerGroup + f];
                    }
                }
                t[g] = PreparedMatrix.of(kt, outPerGroup, rows);
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
        if (winograd != null) {
            winograd.forward(x, g, out, fused);
            return finish(out, fused != null);
        }
        int rows = g.outH() * g.outW();
        if (transposable && rows >= 2 * outPerGroup) {
            return forwardTransposed(x, g, out);
        }
        float[] o = out.data();
        int paddedSize = Im2Col.paddedSize(x, g);
        // Per example only when examples are shared out: a single one would leave its activation to one thread.
        boolean perExample = fused != null && x.n() > 1;
        // Examples are shared out between the kernel threads, each with its own padded image (a product within
        // one of these ranges still splits further when a thread is idle).
        Parallelism.forRange(x.n(), x.n() > 1, (b0, b1) -> {
            float[] padded = new float[paddedSize];
            float[] groupOut = groupKernels.length == 1 ? null : new float[rows * outPerGroup];
            for (int b = b0; b < b1; b++) {
                int outBase = b * rows * filters;
                ConvPatches image = Im2Col.patches(x, b, g, padded);
                for (int grp = 0; grp < groupKernels.length; grp++) {
                    ConvPatches patches = image.channels(grp * inPerGroup, inPerGroup);
                    int col0 = grp * outPerGroup;
                    if (groupOut == null) {
                        startFromBias(o, outBase, rows, 0, filters);
                        Gemm.multiplyAdd(patches, groupKernels[grp], o, outBase);
                    } else {
                        startFromBias(groupOut, 0, rows, col0, outPerGroup);
                        Gemm.multiplyAdd(patches, groupKernels[grp], groupOut, 0);
                        for (int r = 0; r < rows; r++) {
                            System.arraycopy(groupOut, r * outPerGroup, o, outBase + r * filters + col0, outPerGroup);
                        }
                    }
                }
                if (perExample) {
                    activate(o, outBase, outBase + rows * filters);
                }
            }
        });
        return finish(out, perExample);
    }

    /**
     * The transposed product {@code kernelᵀ · patchesᵀ}, {@code patchesᵀ} being runs of the zero-padded
     * channel planes ({@link ShiftedRows}): output rows as wide as the padded rows, whose extra columns are
     * computed and dropped.
     */
    private MaskedArray forwardTransposed(ImageBatch x, ConvGeometry g, ImageBatch out) {
        int ph = g.outH() + (g.kh() - 1) * g.dh();
        int pw = g.outW() + (g.kw() - 1) * g.dw();
        int plane = ph * pw;
        // Run (ky, kx) of a group starts at its first channel's plane, shifted; its rows are the next channels.
        int[][] runStarts = new int[groupKernels.length][g.kh() * g.kw()];
        for (int grp = 0; grp < runStarts.length; grp++) {
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++) {
                    runStarts[grp][ky * g.kw() + kx] = grp * inPerGroup * plane + ky * g.dh() * pw + kx * g.dw();
                }
            }
        }
        Transposed t = new Transposed(g, transposedKernels(), runStarts, pw, plane, out.data());
        int threads = Parallelism.threads();
        if (x.n() >= threads || (long) g.outH() * g.outW() * spec.filters() * g.kh() * g.kw() * inPerGroup < BANDS_MIN_WORK) {
            Parallelism.forRange(x.n(), x.n() > 1, (b0, b1) -> {
                float[] padded = new float[x.c() * plane + ShiftedRows.SLACK];
                for (int b = b0; b < b1; b++) {
                    Im2Col.padPlanes(x, b, g, padded);
                    t.rows(padded, b, 0, g.outH());
                }
            });
        } else {
            // Fewer examples than threads (batch 1): each example's output rows are shared out in bands, each
            // band a product over its own columns of the padded planes, written back by the thread that made it.
            float[] padded = new float[x.c() * plane + ShiftedRows.SLACK];
            // Several bands per thread, taken as threads free up: one core may be busy with something else.
            int bands = Math.min(g.outH(), threads * 4);
            for (int b = 0; b < x.n(); b++) {
                Im2Col.padPlanes(x, b, g, padded);
                int example = b;
                Parallelism.forEachPart(bands, band ->
                        t.rows(padded, example, g.outH() * band / bands, g.outH() * (band + 1) / bands));
            }
        }
        return finish(out, fused != null);
    }

    /** The fewest multiply-adds of a batch-1 transposed convolution worth sharing out in bands of rows. */
    private static final long BANDS_MIN_WORK = 1L << 20;

    /** One call's transposed convolution: what every band of output rows of every example shares. */
    private final class Transposed {
        final ConvGeometry g;
        final PreparedMatrix[] kernelsT;
        final int[][] runStarts;
        final int pw;
        final int plane;
        final float[] o;

        Transposed(ConvGeometry g, PreparedMatrix[] kernelsT, int[][] runStarts, int pw, int plane, float[] o) {
            this.g = g;
            this.kernelsT = kernelsT;
            this.runStarts = runStarts;
            this.pw = pw;
            this.plane = plane;
            this.o = o;
        }

        /** Output rows {@code [oy0, oy1)} of example {@code b}, whose planes are {@code padded}. */
        void rows(float[] padded, int b, int oy0, int oy1) {
            int filters = spec.filters();
            int c0 = oy0 * pw;
            int columns = (oy1 - 1) * pw + g.outW() - c0;
            float[] outT = new float[outPerGroup * columns];
            int[] starts = new int[runStarts[0].length];
            for (int grp = 0; grp < runStarts.length; grp++) {
                int col0 = grp * outPerGroup;
                for (int f = 0; f < outPerGroup; f++) {
                    java.util.Arrays.fill(outT, f * columns, (f + 1) * columns, bias == null ? 0f : bias[col0 + f]);
                }
                for (int i = 0; i < starts.length; i++) {
                    starts[i] = runStarts[grp][i] + c0;
                }
                Gemm.multiplyAdd(kernelsT[grp], new ShiftedRows(padded, starts, inPerGroup, plane, columns), outT, 0);
                // Pixel by pixel, its filters in order: the stores run along the output, one filter row of outT
                // after another is read at the same column.
                for (int oy = oy0; oy < oy1; oy++) {
                    int src = (oy - oy0) * pw;
                    int dst = ((b * g.outH() + oy) * g.outW()) * filters + col0;
                    for (int ox = 0; ox < g.outW(); ox++, dst += filters) {
                        for (int f = 0, at = src + ox; f < outPerGroup; f++, at += columns) {
                            o[dst + f] = outT[at];
                        }
                    }
                }
            }
            activate(o, (b * g.outH() + oy0) * g.outW() * filters, (b * g.outH() + oy1) * g.outW() * filters);
        }
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

    /** Applies the {@link #fused} activation to {@code o[from, to)}, a part of the output just written. */
    private void activate(float[] o, int from, int to) {
        if (fused != null) {
            ActivationFunctions.applyElementwise(fused, o, from, to);
        }
    }

    /** The output in the layer's layout, with the activation applied unless {@code activated} already. */
    private MaskedArray finish(ImageBatch out, boolean activated) {
        NdArray y = out.toArray(spec.rank(), spec.dataFormat());
        if (!activated) {
            ActivationFunctions.apply(spec.activation(), y.data(), y.shape());
        }
        // Keras drops the mask: convolutions do not support masking.
        return MaskedArray.of(y);
    }
}
