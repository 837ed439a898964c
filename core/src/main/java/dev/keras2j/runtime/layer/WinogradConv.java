package dev.keras2j.runtime.layer;

import dev.keras2j.model.ActivationSpec;
import dev.keras2j.model.layer.ConvSpec;
import dev.keras2j.runtime.kernel.ActivationFunctions;
import dev.keras2j.runtime.kernel.Gemm;
import dev.keras2j.runtime.kernel.Parallelism;
import dev.keras2j.runtime.kernel.PreparedMatrix;
import dev.keras2j.runtime.kernel.WinogradTiles;

import java.util.Arrays;

/**
 * A 3×3, stride-1, undilated, ungrouped Conv2D by Winograd's minimal filtering F(2×2, 3×3) (Lavin &amp; Gray,
 * "Fast Algorithms for Convolutional Neural Networks", 2015). Each 2×2 output tile is computed from a 4×4
 * input tile with 16 multiplies per pair of input and output channels instead of 36, so the matrix products,
 * nearly all of a convolution's work, shrink 2.25 times; the price is the tile transforms (additions only)
 * and a few more roundings than a direct sum: the outputs differ from the direct path's in the last bits.
 *
 * <p>With {@code V = Bᵀ d B} the transformed input tiles ({@link WinogradTiles}) and {@code U = G g Gᵀ} the
 * transformed kernel, the output tile is {@code Aᵀ [Σ_ci V ⊙ U] A}: for each of the 16 positions ξ of a 4×4
 * tile, one product {@code M_ξ[tiles × filters] = V_ξ[tiles × cin] · U_ξ[cin × filters]} by {@link Gemm}.
 *
 * <p>An output depends only on its own tile: the transforms are fixed sums and {@link Gemm} gives every row of
 * a product the same bits whatever the rows around it, the path and the thread count. So a layer's outputs
 * are the same whatever the batch, and however the tiles are grouped, which is chosen for speed alone:
 * chunks of tiles that stay in cache from one step to the next, or, with fewer chunks than threads can share
 * (a small image at batch 1), every tile at once with the 16 products shared out.
 */
final class WinogradConv {
    /**
     * Bytes of a chunk's {@code V} and {@code M}, meant to stay in a core's caches from the transforms to the
     * products and back. On the 512 KB-L2 benchmark machine, chunks of 128 KB to 1 MB ran alike within the
     * host's noise.
     */
    private static final int CHUNK_BYTES = 1 << 20;
    /** Tiles per chunk: at least two register tiles of rows per product, and no more than the cache needs. */
    private static final int MIN_CHUNK = 24;
    private static final int MAX_CHUNK = 240;
    /**
     * The largest all-tiles-at-once {@code V} and {@code M} a thread keeps between calls. On two threads that
     * mode takes fewer than four chunks, which fit unless the channels in and out add up to more than 680
     * (where chunks are held at {@link #MIN_CHUNK} tiles).
     */
    private static final long KEPT_BYTES = 4L * CHUNK_BYTES;
    /**
     * Below this many input channels or filters the direct paths are as fast or faster: a tile's transforms
     * cost in proportion to {@code cin + filters}, the multiplies they save to {@code cin · filters}. Measured
     * with LayerBenchmark on 32×32 images at batch 16 and 32 on one thread: 16 → 16 and 16 → 32 filters were
     * 1.1-1.8× slower by Winograd, 32 → 32 even; the benchmark CNN's layers with 64 filters and more were
     * 1.5-2.3× faster.
     */
    static final int MIN_CHANNELS = 32;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** The stored kernel {@code [3][3][cin][filters]}. */
    private final float[] kernel;
    private final int cin;
    private final int filters;
    private final float[] bias;
    /** {@code U_ξ}, built by the first forward (a model load must not pay for it); racing builds are equal. */
    private volatile PreparedMatrix[] transformed;

    WinogradConv(float[] kernel, int cin, int filters, float[] bias) {
        if (kernel.length != 9 * cin * filters) {
            throw new IllegalArgumentException("a 3x3 kernel of " + cin + " by " + filters + " channels needs "
                    + 9 * cin * filters + " values, got " + kernel.length);
        }
        this.kernel = kernel;
        this.cin = cin;
        this.filters = filters;
        this.bias = bias;
    }

    /**
     * Whether this path computes {@code spec}: a Conv2D with a 3×3 kernel, stride 1, no dilation, one group
     * and enough input channels and filters, unless the system property {@code keras2j.winograd} is
     * {@code false}.
     */
    static boolean takes(ConvSpec spec, int inPerGroup) {
        return spec.rank() == 2 && spec.groups() == 1 && inPerGroup >= MIN_CHANNELS && spec.filters() >= MIN_CHANNELS
                && spec.kernelIs(3) && spec.unitStrides() && spec.undilated()
                && Boolean.parseBoolean(System.getProperty("keras2j.winograd", "true"));
    }

    /**
     * {@code U_ξ = G g Gᵀ} for every channel pair, {@code G = [[1,0,0],[½,½,½],[½,−½,½],[0,0,1]]}, computed in
     * double and rounded once, so that {@code U} is as close to exact as a float can be.
     */
    private PreparedMatrix[] transformedKernel() {
        PreparedMatrix[] u = transformed;
        if (u != null) {
            return u;
        }
        float[][] us = new float[16][cin * filters];
        double[] gg = new double[12];
        for (int ci = 0; ci < cin; ci++) {
            for (int co = 0; co < filters; co++) {
                // G g: 4 rows (from the kernel's rows) by 3 columns.
                for (int kx = 0; kx < 3; kx++) {
                    double g0 = kernel[(kx * cin + ci) * filters + co];
                    double g1 = kernel[((3 + kx) * cin + ci) * filters + co];
                    double g2 = kernel[((6 + kx) * cin + ci) * filters + co];
                    gg[kx] = g0;
                    gg[3 + kx] = 0.5 * (g0 + g1 + g2);
                    gg[6 + kx] = 0.5 * (g0 - g1 + g2);
                    gg[9 + kx] = g2;
                }
                // (G g) Gᵀ, row by row.
                int at = ci * filters + co;
                for (int i = 0; i < 4; i++) {
                    double g0 = gg[3 * i];
                    double g1 = gg[3 * i + 1];
                    double g2 = gg[3 * i + 2];
                    us[4 * i][at] = (float) g0;
                    us[4 * i + 1][at] = (float) (0.5 * (g0 + g1 + g2));
                    us[4 * i + 2][at] = (float) (0.5 * (g0 - g1 + g2));
                    us[4 * i + 3][at] = (float) g2;
                }
            }
        }
        u = new PreparedMatrix[16];
        for (int xi = 0; xi < 16; xi++) {
            u[xi] = PreparedMatrix.of(us[xi], cin, filters);
        }
        transformed = u;
        return u;
    }

    /**
     * Writes the convolution of {@code x} plus the bias into {@code out}, of the output shape, then
     * {@code activation} (element-wise, or null for none) on each tile's pixels as soon as they are written.
     */
    void forward(ImageBatch x, ConvGeometry g, ImageBatch out, ActivationSpec activation) {
        Tiles tiles = new Tiles(x, g, out, transformedKernel(), activation);
        int cached = Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, CHUNK_BYTES / (64 * (cin + filters)) / 12 * 12));
        int threads = Parallelism.threadsHere();
        if (threads > 1 && (tiles.count + cached - 1) / cached < 2 * threads) {
            tiles.allAtOnce(threads);
            return;
        }
        // On several threads, at least four chunks per thread so that they finish together (five chunks on two
        // threads would leave one idle for a fifth of the layer), yet no chunk under two register tiles of rows.
        int share = (tiles.count + 4 * threads - 1) / (4 * threads);
        int size = threads == 1 ? cached : Math.max(MIN_CHUNK, Math.min(cached, (share + 11) / 12 * 12));
        int parts = (tiles.count + size - 1) / size;
        Parallelism.forRange(parts, true, 4, (c0, c1) -> {
            Scratch s = SCRATCH.get();
            for (int c = c0; c < c1; c++) {
                int first = c * size;
                int n = Math.min(size, tiles.count - first);
                float[] v = s.v(16 * n * cin);
                float[] m = s.m(16 * n * filters);
                for (int t = 0; t < n; t++) {
                    tiles.input(first + t, v, t * cin, n * cin, s);
                }
                for (int xi = 0; xi < 16; xi++) {
                    tiles.product(xi, v, m, n);
                }
                for (int t = 0; t < n; t++) {
                    tiles.output(first + t, m, t * filters, n * filters, s);
                }
            }
        });
    }

    /** One call's tiles: output tile {@code t} is tile {@code (ty, tx)} of example {@code t / perImage}. */
    private final class Tiles {
        final ImageBatch x;
        final ConvGeometry g;
        final ImageBatch out;
        final PreparedMatrix[] u;
        final ActivationSpec activation;
        final int tilesW;
        final int perImage;
        final int count;

        Tiles(ImageBatch x, ConvGeometry g, ImageBatch out, PreparedMatrix[] u, ActivationSpec activation) {
            this.x = x;
            this.g = g;
            this.out = out;
            this.u = u;
            this.activation = activation;
            this.tilesW = (g.outW() + 1) / 2;
            this.perImage = (g.outH() + 1) / 2 * tilesW;
            this.count = x.n() * perImage;
        }

        /**
         * Every tile at once, each step shared out between the threads: the transforms by tiles, the
         * products by position (16 products of all the tiles are taller than those of a chunk).
         */
        void allAtOnce(int threads) {
            // Kept for the next call only while small: every thread that calls predict would otherwise hold
            // a whole layer's worth (with many cores, tens of MB each).
            boolean keep = 16L * count * (cin + filters) * Float.BYTES <= KEPT_BYTES;
            Scratch caller = SCRATCH.get();
            float[] v = keep ? caller.v(16 * count * cin) : new float[16 * count * cin];
            float[] m = keep ? caller.m(16 * count * filters) : new float[16 * count * filters];
            int vPlane = count * cin;
            int mPlane = count * filters;
            boolean share = (long) count * (cin + filters) >= 1 << 13;
            Parallelism.forRange(count, share, 4, (t0, t1) -> {
                Scratch s = SCRATCH.get();
                for (int t = t0; t < t1; t++) {
                    input(t, v, t * cin, vPlane, s);
                }
            });
            if (threads <= 8) {
                Parallelism.forRange(16, true, 8, (x0, x1) -> {
                    for (int xi = x0; xi < x1; xi++) {
                        product(xi, v, m, count);
                    }
                });
            } else {
                // Sixteen products would leave threads idle: each product is shared out by the multiply itself.
                for (int xi = 0; xi < 16; xi++) {
                    product(xi, v, m, count);
                }
            }
            Parallelism.forRange(count, share, 4, (t0, t1) -> {
                Scratch s = SCRATCH.get();
                for (int t = t0; t < t1; t++) {
                    output(t, m, t * filters, mPlane, s);
                }
            });
        }

        /** {@code M_ξ = V_ξ · U_ξ} for {@code n} tiles. */
        void product(int xi, float[] v, float[] m, int n) {
            Gemm.multiply(v, xi * n * cin, u[xi], m, xi * n * filters, n);
        }

        /** {@code V} of tile {@code t} into row {@code vAt} of the 16 matrices {@code plane} apart. */
        void input(int t, float[] v, int vAt, int plane, Scratch s) {
            int b = t / perImage;
            int ty = (t - b * perImage) / tilesW;
            int tx = t - b * perImage - ty * tilesW;
            int y0 = 2 * ty - g.padTop();
            int x0 = 2 * tx - g.padLeft();
            if (y0 >= 0 && x0 >= 0 && y0 + 4 <= x.h() && x0 + 4 <= x.w()) {
                WinogradTiles.input(x.data(), x.offset(b, y0, x0), x.w() * cin, cin, v, vAt, plane);
                return;
            }
            // A tile over the border: its pixels copied out, zeros for the padding.
            float[] d = s.border(16 * cin);
            for (int r = 0; r < 4; r++) {
                for (int q = 0; q < 4; q++) {
                    int y = y0 + r;
                    int xx = x0 + q;
                    int at = (r * 4 + q) * cin;
                    if (y >= 0 && y < x.h() && xx >= 0 && xx < x.w()) {
                        System.arraycopy(x.data(), x.offset(b, y, xx), d, at, cin);
                    } else {
                        Arrays.fill(d, at, at + cin, 0f);
                    }
                }
            }
            WinogradTiles.input(d, 0, 4 * cin, cin, v, vAt, plane);
        }

        /** The 2×2 output pixels of tile {@code t} from row {@code mAt} of the 16 products {@code plane} apart. */
        void output(int t, float[] m, int mAt, int plane, Scratch s) {
            int b = t / perImage;
            int ty = (t - b * perImage) / tilesW;
            int tx = t - b * perImage - ty * tilesW;
            int oy = 2 * ty;
            int ox = 2 * tx;
            if (oy + 2 <= g.outH() && ox + 2 <= g.outW()) {
                int at = out.offset(b, oy, ox);
                int rowStride = g.outW() * filters;
                WinogradTiles.output(m, mAt, plane, filters, bias, out.data(), at, rowStride);
                if (activation != null) {
                    int below = at + rowStride;
                    ActivationFunctions.applyElementwise(activation, out.data(), at, at + 2 * filters);
                    ActivationFunctions.applyElementwise(activation, out.data(), below, below + 2 * filters);
                }
                return;
            }
            // The last row or column of an odd-sized output: only the pixels inside are kept.
            float[] y = s.corner(4 * filters);
            WinogradTiles.output(m, mAt, plane, filters, bias, y, 0, 2 * filters);
            if (activation != null) {
                ActivationFunctions.applyElementwise(activation, y, 0, 4 * filters);
            }
            for (int i = 0; i < 2 && oy + i < g.outH(); i++) {
                for (int j = 0; j < 2 && ox + j < g.outW(); j++) {
                    System.arraycopy(y, (2 * i + j) * filters, out.data(), out.offset(b, oy + i, ox + j), filters);
                }
            }
        }
    }

    /** A thread's working arrays, grown on demand and kept: a layer reuses them at every call. */
    private static final class Scratch {
        private float[] v = new float[0];
        private float[] m = new float[0];
        private float[] border = new float[0];
        private float[] corner = new float[0];

        /** Room for {@code size} values of the transformed input tiles. */
        float[] v(int size) {
            return v = atLeast(v, size);
        }

        /** Room for {@code size} values of the products. */
        float[] m(int size) {
            return m = atLeast(m, size);
        }

        /** Room for one input tile over the border, copied out. */
        float[] border(int size) {
            return border = atLeast(border, size);
        }

        /** Room for one output tile cut by the last row or column. */
        float[] corner(int size) {
            return corner = atLeast(corner, size);
        }

        private static float[] atLeast(float[] a, int size) {
            return a.length < size ? new float[size] : a;
        }
    }
}
