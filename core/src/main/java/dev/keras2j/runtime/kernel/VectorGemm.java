package dev.keras2j.runtime.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix multiply of {@link Gemm} on the Vector API ({@code jdk.incubator.vector}); nothing loads this class
 * unless {@link VectorSupport#available()}. It computes every element in {@link Gemm}'s summation order, so its
 * results are bit-identical to the portable path's, at any vector width.
 *
 * <p>The classic packed layout (Goto/BLIS): a block of {@code b} ({@link #KC} rows by up to {@link #NC}
 * columns) is packed into panels of {@link #NR} columns (one vector), each panel {@code kc × NR} contiguous;
 * a block of {@code a} ({@link #MC} rows) into panels of {@link #MR} rows, each stored column by column. The
 * micro-kernel keeps a tile of {@code c} in vector registers across the whole {@code kc} loop, and {@code c}
 * is read and written once per block. With AVX2's 16 registers the tile is {@code 12 × NR} (twelve
 * accumulators; each step one vector load of {@code b}, twelve scalar broadcasts of {@code a}, twelve fused
 * multiply-adds); with AVX-512's 32 it spans two panels, {@code 12 × 2·NR} ({@link #kernelWide}: 24
 * accumulators, two loads of {@code b}, and each broadcast feeds two multiply-adds), which doubled the
 * one-thread product on the AVX-512 benchmark machine (docs/benchmarks.md).
 *
 * <p>Rows and columns past the end of a block are packed as zeros and computed, then not written back, so
 * every tile runs the same kernel. Each element of {@code c} is summed in the same order (by {@code kc}
 * blocks, then along {@code k} with fused multiply-adds) whatever the thread count and the split.
 */
final class VectorGemm {
    private static final VectorSpecies<Float> F = Lanes.FLOATS;
    /** Rows of the register tile. */
    static final int MR = 12;
    /** Columns of a packed panel of {@code b}: one vector, 8 or 16 floats. */
    static final int NR = Lanes.COUNT;
    /**
     * Whether the register tile spans two panels of {@code b} ({@code 12 × 2·NR}, {@link #kernelWide}): with
     * 512-bit vectors the CPU has AVX-512's 32 vector registers, room for 24 accumulators, and each step then
     * broadcasts each value of {@code a} once for two vectors of products. AVX2's 16 registers would spill them.
     */
    static final boolean WIDE = NR >= 16;
    /** Depth of a packed block, {@link Gemm#KC}: a {@code kc × NR} panel of {@code b} (8 or 16 KB) stays in L1. */
    private static final int KC = Gemm.KC;
    /** Rows of {@code a} per packed block: {@code MC × KC} floats (120 KB) stay in L2. */
    static final int MC = 120;
    /** Columns of {@code b} per packed block (2 MB, in L3). */
    static final int NC = 2048;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private VectorGemm() {
    }

    /** A thread's packed blocks of {@code a} and {@code b} and a spill tile for partial tiles. */
    private static final class Scratch {
        final float[] packedA = new float[MC * KC];
        float[] packedB = new float[0];
        final float[] tile = new float[MR * NR];

        float[] packedB(int size) {
            if (packedB.length < size) {
                packedB = new float[size];
            }
            return packedB;
        }
    }

    /**
     * Rows {@code [i0, i1)} and columns {@code [j0, j1)} of {@code c += a·b}, all row-major and contiguous from
     * their offsets ({@code a} is {@code m × k}, {@code b} is {@code k × n}, {@code c} is {@code m × n}); the
     * rows split over the kernel threads when {@code parallelRows}.
     */
    static void multiplyAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                            int i0, int i1, int k, int n, int j0, int j1, boolean parallelRows) {
        blocked(rows(a, aOff, k), b, bOff, null, c, cOff, i0, i1, k, n, j0, j1, parallelRows, false);
    }

    /**
     * As {@link #multiplyAdd} with {@code b} already packed by {@link #pack} ({@link PreparedMatrix}); with
     * {@code overwrite}, {@code c = a·b} instead of {@code c += a·b}.
     */
    static void multiplyPacked(float[] a, int aOff, float[] panels, float[] c, int cOff,
                               int i0, int i1, int k, int n, int j0, int j1, boolean parallelRows, boolean overwrite) {
        blocked(rows(a, aOff, k), null, 0, panels, c, cOff, i0, i1, k, n, j0, j1, parallelRows, overwrite);
    }

    /**
     * As {@link #multiplyPacked} (adding) with the patch matrix {@code a} gathered straight from its image into the
     * packed blocks.
     */
    static void multiplyAddPatches(ConvPatches a, float[] panels, float[] c, int cOff,
                                   int i0, int i1, int k, int n, int j0, int j1, boolean parallelRows) {
        blocked((row0, mc, pc, kc, ap) -> packPatches(a, row0, mc, pc, kc, ap),
                null, 0, panels, c, cOff, i0, i1, k, n, j0, j1, parallelRows, false);
    }

    /** Packs rows {@code [row0, row0 + mc)}, columns {@code [pc, pc + kc)} of {@code a} into {@code ap} as {@link #packA} does. */
    @FunctionalInterface
    private interface LeftOperand {
        void pack(int row0, int mc, int pc, int kc, float[] ap);
    }

    /** The row-major {@code a} (row stride {@code k}) from {@code aOff}. */
    private static LeftOperand rows(float[] a, int aOff, int k) {
        return (row0, mc, pc, kc, ap) -> packA(a, aOff + row0 * k + pc, k, mc, kc, ap, 0);
    }

    /**
     * The row-major {@code b[k×n]} packed whole, in the layout {@link #blocked} packs one block into:
     * block {@code pc} at {@code pc · roundUp(n, NR)}, its panel of columns {@code jr} at {@code + jr · kc}.
     */
    static float[] pack(float[] b, int k, int n) {
        int width = roundUp(n, NR);
        float[] panels = new float[k * width];
        for (int pc = 0; pc < k; pc += KC) {
            packB(b, 0, n, pc, Math.min(KC, k - pc), 0, n, panels, pc * width);
        }
        return panels;
    }

    /**
     * The row-major {@code a[m×k]} packed whole as {@link #packA} packs a block: block {@code pc} at
     * {@code pc · roundUp(m, MR)}, its panel of rows {@code ir} at {@code + ir · kc}, zero-padded.
     */
    static float[] packRows(float[] a, int m, int k) {
        int height = roundUp(m, MR);
        float[] panels = new float[k * height];
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            for (int ir = 0; ir < m; ir += MR) {
                packA(a, ir * k + pc, k, Math.min(MR, m - ir), kc, panels, pc * height + ir * kc);
            }
        }
        return panels;
    }

    /**
     * Columns {@code [j0, j1)} ({@code j0} a multiple of {@link #NR}) of {@code c[m × b.columns()] += a · b},
     * {@code a} packed by {@link #packRows}. A panel of {@code b} is a vector copy per row here (its columns
     * are contiguous in the image), where a convolution's patch matrix gathers value by value; each panel
     * then serves every row panel of {@code a} while it is in L1.
     */
    static void multiplyAddShifted(float[] aPanels, int m, int k, ShiftedRows b, float[] c, int cOff, int j0, int j1) {
        int n = b.columns();
        int height = roundUp(m, MR);
        Scratch s = SCRATCH.get();
        float[] bp = s.packedB(2 * KC * NR);
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            int block = pc * height;
            for (int jr = j0; jr < j1; ) {
                int left = j1 - jr;
                packShifted(b, pc, kc, jr, bp, 0);
                if (WIDE && left >= 2 * NR) {
                    packShifted(b, pc, kc, jr + NR, bp, kc * NR);
                }
                jr += panels(aPanels, block, m, bp, 0, left, kc, c, cOff + jr, n, s.tile, true);
            }
        }
    }

    /** The whole patch matrix {@code a} packed as {@link #packRows} packs a stored one. */
    static float[] packPatchRows(ConvPatches a) {
        int m = a.rows();
        int k = a.columns();
        int height = roundUp(m, MR);
        float[] panels = new float[k * height];
        float[] block = new float[Math.min(KC, k) * height];
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            packPatches(a, 0, m, pc, kc, block);
            System.arraycopy(block, 0, panels, pc * height, kc * height);
        }
        return panels;
    }

    /**
     * Columns {@code [j0, j1)} ({@code j0} a multiple of {@link #NR}) of {@code c[m × n] += a · b}, {@code a}
     * packed by {@link #packRows} or {@link #packPatchRows}, {@code b} by {@link #pack}: neither is packed
     * again, so column ranges run side by side on one packed copy of the rows.
     */
    static void multiplyAddPackedRows(float[] aPanels, int m, int k, float[] bPanels, int n, float[] c, int cOff,
                                      int j0, int j1) {
        int height = roundUp(m, MR);
        int width = roundUp(n, NR);
        float[] tile = SCRATCH.get().tile;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            for (int jr = j0; jr < j1; ) {
                jr += panels(aPanels, pc * height, m, bPanels, pc * width + jr * kc, j1 - jr, kc, c, cOff + jr, n,
                        tile, true);
            }
        }
    }

    /** Packs rows {@code [pc, pc + kc)}, columns {@code [q, q + NR)} of {@code b} into one panel at {@code bp[bo]} (columns past its end are junk). */
    private static void packShifted(ShiftedRows b, int pc, int kc, int q, float[] bp, int bo) {
        float[] img = b.image();
        int[] runStarts = b.runStarts();
        int run = b.run();
        int stride = b.stride();
        int s = pc / run;
        int i = pc - s * run;
        int at = runStarts[s] + i * stride + q;
        for (int p = 0; p < kc; p++) {
            FloatVector.fromArray(F, img, at).intoArray(bp, bo + p * NR);
            if (++i < run) {
                at += stride;
            } else if (p + 1 < kc) {
                i = 0;
                at = runStarts[++s] + q;
            }
        }
    }

    /**
     * The blocked product, packing the row-major {@code b} (from {@code bOff}, row stride {@code n}) block by
     * block, or reading the blocks from {@code packed} ({@link #pack}; {@code j0} is then a multiple of
     * {@link #NR}). With {@code parallelRows} each block of {@code b}, packed once, is shared by the kernel
     * threads, which split its rows between them by whole register tiles, as BLIS does (packing all of
     * {@code b} in every range would repeat that work once per range). With {@code overwrite} the first block
     * along {@code k} stores {@code +0.0 + sum} into {@code c} instead of adding the sum to {@code c}: the
     * bits of adding it to zeros (a sum can be {@code -0.0}, when its products underflow, and {@code +0.0}
     * added to it gives {@code +0.0}, as the zeros would), without reading {@code c}.
     */
    private static void blocked(LeftOperand a, float[] b, int bOff, float[] packed, float[] c, int cOff,
                                int i0, int i1, int k, int n, int j0, int j1, boolean parallelRows, boolean overwrite) {
        int blockSize = KC * roundUp(Math.min(NC, j1 - j0), NR);
        // A block shared between threads gets its own array: the other threads read it while this thread runs
        // its own ranges, and anything those ranges ran on this thread would reuse its scratch block.
        float[] bp = packed != null ? packed : parallelRows ? new float[blockSize] : SCRATCH.get().packedB(blockSize);
        int packedWidth = roundUp(n, NR);
        int tiles = (i1 - i0 + MR - 1) / MR;
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                int bBase;
                if (packed != null) {
                    bBase = pc * packedWidth + jc * kc;
                } else {
                    packB(b, bOff, n, pc, kc, jc, nc, bp, 0);
                    bBase = 0;
                }
                Block block = new Block(bp, bBase, pc, kc, jc, nc, !overwrite || pc > 0);
                if (parallelRows) {
                    Parallelism.forRange(tiles, true, Gemm.PARTS_PER_THREAD, (t0, t1) -> rowBlocks(a, block, c, cOff,
                            i0 + t0 * MR, Math.min(i1, i0 + t1 * MR), n));
                } else {
                    rowBlocks(a, block, c, cOff, i0, i1, n);
                }
            }
        }
    }

    /**
     * A packed block of {@code b}: rows {@code [pc, pc + kc)}, columns {@code [jc, jc + nc)}, from {@code bp[base]};
     * its products are added to {@code c}, or stored when not {@code add}.
     */
    private record Block(float[] bp, int base, int pc, int kc, int jc, int nc, boolean add) {
    }

    /** Rows {@code [r0, r1)} of {@code c += a · block}, packing {@code a} into this thread's scratch. */
    private static void rowBlocks(LeftOperand a, Block b, float[] c, int cOff, int r0, int r1, int n) {
        Scratch s = SCRATCH.get();
        float[] ap = s.packedA;
        int kc = b.kc();
        for (int ic = r0; ic < r1; ic += MC) {
            int mc = Math.min(MC, r1 - ic);
            a.pack(ic, mc, b.pc(), kc, ap);
            for (int jr = 0; jr < b.nc(); ) {
                int panel = b.base() + jr * kc;
                int cAt = cOff + ic * n + b.jc() + jr;
                jr += panels(ap, 0, mc, b.bp(), panel, b.nc() - jr, kc, c, cAt, n, s.tile, b.add());
            }
        }
    }

    /** Packs {@code b[pc, pc + kc)[jc, jc + nc)} into panels of {@link #NR} columns from {@code bp[base]}, zero-padded. */
    private static void packB(float[] b, int bOff, int n, int pc, int kc, int jc, int nc, float[] bp, int base) {
        int full = nc / NR * NR;
        for (int p = 0; p < kc; p++) {
            int src = bOff + (pc + p) * n + jc;
            int at = base + p * NR;
            // One vector per panel: a call to System.arraycopy per vector would cost more than the copy.
            for (int jr = 0; jr < full; jr += NR) {
                FloatVector.fromArray(F, b, src + jr).intoArray(bp, jr * kc + at);
            }
            if (full < nc) {
                int panel = full * kc + at;
                for (int j = 0; j < NR; j++) {
                    bp[panel + j] = full + j < nc ? b[src + full + j] : 0f;
                }
            }
        }
    }

    /** Packs {@code mc} rows of {@code a} (row stride {@code k}, {@code kc} columns from {@code at}) into
     * panels of {@link #MR} rows stored column by column, zero-padded. */
    private static void packA(float[] a, int at, int k, int mc, int kc, float[] ap, int apAt) {
        for (int ir = 0; ir < mc; ir += MR) {
            int h = Math.min(MR, mc - ir);
            int panel = apAt + ir * kc;
            int src = at + ir * k;
            if (h == MR) {
                // Written in order, read as twelve sequential streams: faster than a stride-12 scatter per row.
                for (int p = 0; p < kc; p++) {
                    int d = panel + p * MR;
                    int x = src + p;
                    ap[d] = a[x];
                    ap[d + 1] = a[x + k];
                    ap[d + 2] = a[x + 2 * k];
                    ap[d + 3] = a[x + 3 * k];
                    ap[d + 4] = a[x + 4 * k];
                    ap[d + 5] = a[x + 5 * k];
                    ap[d + 6] = a[x + 6 * k];
                    ap[d + 7] = a[x + 7 * k];
                    ap[d + 8] = a[x + 8 * k];
                    ap[d + 9] = a[x + 9 * k];
                    ap[d + 10] = a[x + 10 * k];
                    ap[d + 11] = a[x + 11 * k];
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int d = panel + p * MR;
                    for (int r = 0; r < MR; r++) {
                        ap[d + r] = r < h ? a[src + r * k + p] : 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs rows {@code [row0, row0 + mc)}, columns {@code [pc, pc + kc)} of the patch matrix {@code a} as
     * {@link #packA} packs a stored matrix: each run of a window's channels is read in order from the image,
     * twelve windows side by side.
     */
    private static void packPatches(ConvPatches a, int row0, int mc, int pc, int kc, float[] ap) {
        float[] img = a.image();
        int count = a.count();
        int end = pc + kc;
        for (int ir = 0; ir < mc; ir += MR) {
            int h = Math.min(MR, mc - ir);
            int panel = ir * kc;
            if (h < MR) {
                packPartialPatches(a, row0 + ir, h, pc, kc, ap, panel);
                continue;
            }
            int w0 = a.windowStart(row0 + ir);
            int w1 = a.windowStart(row0 + ir + 1);
            int w2 = a.windowStart(row0 + ir + 2);
            int w3 = a.windowStart(row0 + ir + 3);
            int w4 = a.windowStart(row0 + ir + 4);
            int w5 = a.windowStart(row0 + ir + 5);
            int w6 = a.windowStart(row0 + ir + 6);
            int w7 = a.windowStart(row0 + ir + 7);
            int w8 = a.windowStart(row0 + ir + 8);
            int w9 = a.windowStart(row0 + ir + 9);
            int w10 = a.windowStart(row0 + ir + 10);
            int w11 = a.windowStart(row0 + ir + 11);
            for (int p = pc; p < end; ) {
                int segment = p / count;
                int ci = p - segment * count;
                int len = Math.min(count - ci, end - p);
                int shift = a.segmentShift(segment) + ci;
                int d = panel + (p - pc) * MR;
                for (int j = 0; j < len; j++, d += MR) {
                    int x = shift + j;
                    ap[d] = img[w0 + x];
                    ap[d + 1] = img[w1 + x];
                    ap[d + 2] = img[w2 + x];
                    ap[d + 3] = img[w3 + x];
                    ap[d + 4] = img[w4 + x];
                    ap[d + 5] = img[w5 + x];
                    ap[d + 6] = img[w6 + x];
                    ap[d + 7] = img[w7 + x];
                    ap[d + 8] = img[w8 + x];
                    ap[d + 9] = img[w9 + x];
                    ap[d + 10] = img[w10 + x];
                    ap[d + 11] = img[w11 + x];
                }
                p += len;
            }
        }
    }

    /** The last panel of a block, {@code h < MR} windows, zero-padded like {@link #packA}'s. */
    private static void packPartialPatches(ConvPatches a, int row, int h, int pc, int kc, float[] ap, int panel) {
        float[] img = a.image();
        int count = a.count();
        for (int p = 0; p < kc; p++) {
            int segment = (pc + p) / count;
            int x = a.segmentShift(segment) + (pc + p - segment * count);
            int d = panel + p * MR;
            for (int r = 0; r < MR; r++) {
                ap[d + r] = r < h ? img[a.windowStart(row + r) + x] : 0f;
            }
        }
    }

    /** {@code c[12 × NR tile at cAt, row stride ldc] += apanel · bpanel}, or {@code = +0.0 + …} when not {@code add}. */
    private static void kernel(float[] ap, int ao, float[] bp, int bo, int kc, float[] c, int cAt, int ldc,
                               boolean add) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c0 = zero;
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        FloatVector c4 = c0;
        FloatVector c5 = c0;
        FloatVector c6 = c0;
        FloatVector c7 = c0;
        FloatVector c8 = c0;
        FloatVector c9 = c0;
        FloatVector c10 = c0;
        FloatVector c11 = c0;
        for (int p = 0; p < kc; p++) {
            FloatVector bv = FloatVector.fromArray(F, bp, bo + p * NR);
            int x = ao + p * MR;
            c0 = FloatVector.broadcast(F, ap[x]).fma(bv, c0);
            c1 = FloatVector.broadcast(F, ap[x + 1]).fma(bv, c1);
            c2 = FloatVector.broadcast(F, ap[x + 2]).fma(bv, c2);
            c3 = FloatVector.broadcast(F, ap[x + 3]).fma(bv, c3);
            c4 = FloatVector.broadcast(F, ap[x + 4]).fma(bv, c4);
            c5 = FloatVector.broadcast(F, ap[x + 5]).fma(bv, c5);
            c6 = FloatVector.broadcast(F, ap[x + 6]).fma(bv, c6);
            c7 = FloatVector.broadcast(F, ap[x + 7]).fma(bv, c7);
            c8 = FloatVector.broadcast(F, ap[x + 8]).fma(bv, c8);
            c9 = FloatVector.broadcast(F, ap[x + 9]).fma(bv, c9);
            c10 = FloatVector.broadcast(F, ap[x + 10]).fma(bv, c10);
            c11 = FloatVector.broadcast(F, ap[x + 11]).fma(bv, c11);
        }
        (add ? FloatVector.fromArray(F, c, cAt) : zero).add(c0).intoArray(c, cAt);
        (add ? FloatVector.fromArray(F, c, cAt + ldc) : zero).add(c1).intoArray(c, cAt + ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 2 * ldc) : zero).add(c2).intoArray(c, cAt + 2 * ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 3 * ldc) : zero).add(c3).intoArray(c, cAt + 3 * ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 4 * ldc) : zero).add(c4).intoArray(c, cAt + 4 * ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 5 * ldc) : zero).add(c5).intoArray(c, cAt + 5 * ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 6 * ldc) : zero).add(c6).intoArray(c, cAt + 6 * ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 7 * ldc) : zero).add(c7).intoArray(c, cAt + 7 * ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 8 * ldc) : zero).add(c8).intoArray(c, cAt + 8 * ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 9 * ldc) : zero).add(c9).intoArray(c, cAt + 9 * ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 10 * ldc) : zero).add(c10).intoArray(c, cAt + 10 * ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 11 * ldc) : zero).add(c11).intoArray(c, cAt + 11 * ldc);
    }

    /**
     * {@code c[m rows at cAt, row stride ldc] += a · b} for the next one or two panels of {@code b} ({@code left}
     * columns remain from {@code bo}, panels {@code kc · NR} apart): two when {@link #WIDE} and both are full, so
     * every full row tile runs {@link #kernelWide}. {@code a}'s row panels are at {@code ao + ir · kc}. Returns
     * the columns done.
     */
    private static int panels(float[] ap, int ao, int m, float[] bp, int bo, int left, int kc, float[] c, int cAt,
                              int ldc, float[] tile, boolean add) {
        if (WIDE && left >= 2 * NR) {
            int second = bo + kc * NR;
            for (int ir = 0; ir < m; ir += MR) {
                int h = Math.min(MR, m - ir);
                int at = cAt + ir * ldc;
                if (h == MR) {
                    kernelWide(ap, ao + ir * kc, bp, bo, second, kc, c, at, ldc, add);
                } else {
                    tile(ap, ao + ir * kc, bp, bo, kc, c, at, ldc, h, NR, tile, add);
                    tile(ap, ao + ir * kc, bp, second, kc, c, at + NR, ldc, h, NR, tile, add);
                }
            }
            return 2 * NR;
        }
        int w = Math.min(NR, left);
        for (int ir = 0; ir < m; ir += MR) {
            tile(ap, ao + ir * kc, bp, bo, kc, c, cAt + ir * ldc, ldc, Math.min(MR, m - ir), w, tile, add);
        }
        return w;
    }

    /**
     * {@link #kernel} on two panels of {@code b} at once ({@code bo} and {@code bo2}): a {@code 12 × 2·NR} tile of
     * {@code c} in 24 registers, each broadcast of {@code a} feeding two fused multiply-adds. Every element is
     * summed exactly as {@link #kernel} sums it.
     */
    private static void kernelWide(float[] ap, int ao, float[] bp, int bo, int bo2, int kc, float[] c, int cAt,
                                   int ldc, boolean add) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c0 = zero;
        FloatVector c1 = zero;
        FloatVector c2 = zero;
        FloatVector c3 = zero;
        FloatVector c4 = zero;
        FloatVector c5 = zero;
        FloatVector c6 = zero;
        FloatVector c7 = zero;
        FloatVector c8 = zero;
        FloatVector c9 = zero;
        FloatVector c10 = zero;
        FloatVector c11 = zero;
        FloatVector d0 = zero;
        FloatVector d1 = zero;
        FloatVector d2 = zero;
        FloatVector d3 = zero;
        FloatVector d4 = zero;
        FloatVector d5 = zero;
        FloatVector d6 = zero;
        FloatVector d7 = zero;
        FloatVector d8 = zero;
        FloatVector d9 = zero;
        FloatVector d10 = zero;
        FloatVector d11 = zero;
        for (int p = 0; p < kc; p++) {
            FloatVector bv = FloatVector.fromArray(F, bp, bo + p * NR);
            FloatVector bw = FloatVector.fromArray(F, bp, bo2 + p * NR);
            int x = ao + p * MR;
            FloatVector a0 = FloatVector.broadcast(F, ap[x]);
            c0 = a0.fma(bv, c0);
            d0 = a0.fma(bw, d0);
            FloatVector a1 = FloatVector.broadcast(F, ap[x + 1]);
            c1 = a1.fma(bv, c1);
            d1 = a1.fma(bw, d1);
            FloatVector a2 = FloatVector.broadcast(F, ap[x + 2]);
            c2 = a2.fma(bv, c2);
            d2 = a2.fma(bw, d2);
            FloatVector a3 = FloatVector.broadcast(F, ap[x + 3]);
            c3 = a3.fma(bv, c3);
            d3 = a3.fma(bw, d3);
            FloatVector a4 = FloatVector.broadcast(F, ap[x + 4]);
            c4 = a4.fma(bv, c4);
            d4 = a4.fma(bw, d4);
            FloatVector a5 = FloatVector.broadcast(F, ap[x + 5]);
            c5 = a5.fma(bv, c5);
            d5 = a5.fma(bw, d5);
            FloatVector a6 = FloatVector.broadcast(F, ap[x + 6]);
            c6 = a6.fma(bv, c6);
            d6 = a6.fma(bw, d6);
            FloatVector a7 = FloatVector.broadcast(F, ap[x + 7]);
            c7 = a7.fma(bv, c7);
            d7 = a7.fma(bw, d7);
            FloatVector a8 = FloatVector.broadcast(F, ap[x + 8]);
            c8 = a8.fma(bv, c8);
            d8 = a8.fma(bw, d8);
            FloatVector a9 = FloatVector.broadcast(F, ap[x + 9]);
            c9 = a9.fma(bv, c9);
            d9 = a9.fma(bw, d9);
            FloatVector a10 = FloatVector.broadcast(F, ap[x + 10]);
            c10 = a10.fma(bv, c10);
            d10 = a10.fma(bw, d10);
            FloatVector a11 = FloatVector.broadcast(F, ap[x + 11]);
            c11 = a11.fma(bv, c11);
            d11 = a11.fma(bw, d11);
        }
        (add ? FloatVector.fromArray(F, c, cAt) : zero).add(c0).intoArray(c, cAt);
        (add ? FloatVector.fromArray(F, c, cAt + NR) : zero).add(d0).intoArray(c, cAt + NR);
        (add ? FloatVector.fromArray(F, c, cAt + ldc) : zero).add(c1).intoArray(c, cAt + ldc);
        (add ? FloatVector.fromArray(F, c, cAt + ldc + NR) : zero).add(d1).intoArray(c, cAt + ldc + NR);
        (add ? FloatVector.fromArray(F, c, cAt + 2 * ldc) : zero).add(c2).intoArray(c, cAt + 2 * ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 2 * ldc + NR) : zero).add(d2).intoArray(c, cAt + 2 * ldc + NR);
        (add ? FloatVector.fromArray(F, c, cAt + 3 * ldc) : zero).add(c3).intoArray(c, cAt + 3 * ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 3 * ldc + NR) : zero).add(d3).intoArray(c, cAt + 3 * ldc + NR);
        (add ? FloatVector.fromArray(F, c, cAt + 4 * ldc) : zero).add(c4).intoArray(c, cAt + 4 * ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 4 * ldc + NR) : zero).add(d4).intoArray(c, cAt + 4 * ldc + NR);
        (add ? FloatVector.fromArray(F, c, cAt + 5 * ldc) : zero).add(c5).intoArray(c, cAt + 5 * ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 5 * ldc + NR) : zero).add(d5).intoArray(c, cAt + 5 * ldc + NR);
        (add ? FloatVector.fromArray(F, c, cAt + 6 * ldc) : zero).add(c6).intoArray(c, cAt + 6 * ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 6 * ldc + NR) : zero).add(d6).intoArray(c, cAt + 6 * ldc + NR);
        (add ? FloatVector.fromArray(F, c, cAt + 7 * ldc) : zero).add(c7).intoArray(c, cAt + 7 * ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 7 * ldc + NR) : zero).add(d7).intoArray(c, cAt + 7 * ldc + NR);
        (add ? FloatVector.fromArray(F, c, cAt + 8 * ldc) : zero).add(c8).intoArray(c, cAt + 8 * ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 8 * ldc + NR) : zero).add(d8).intoArray(c, cAt + 8 * ldc + NR);
        (add ? FloatVector.fromArray(F, c, cAt + 9 * ldc) : zero).add(c9).intoArray(c, cAt + 9 * ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 9 * ldc + NR) : zero).add(d9).intoArray(c, cAt + 9 * ldc + NR);
        (add ? FloatVector.fromArray(F, c, cAt + 10 * ldc) : zero).add(c10).intoArray(c, cAt + 10 * ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 10 * ldc + NR) : zero).add(d10).intoArray(c, cAt + 10 * ldc + NR);
        (add ? FloatVector.fromArray(F, c, cAt + 11 * ldc) : zero).add(c11).intoArray(c, cAt + 11 * ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 11 * ldc + NR) : zero).add(d11).intoArray(c, cAt + 11 * ldc + NR);
    }

    /**
     * {@code c[h × w tile at cAt, row stride ldc] += apanel · bpanel} ({@code h ≤ 12}, {@code w ≤ NR}) with the
     * narrowest kernel that covers {@code h} rows: a panel's rows past {@code h} are zeros, so computing them
     * only wastes time. A tile narrower than that kernel, or than
     * {@code NR} columns, is computed into {@code tile} and only its {@code h × w} part is added. The tile starts at
     * {@code -0.0}, the exact identity of addition, so what is added is exactly what the kernel accumulated,
     * signed zeros included; every kernel sums each value in the same order. When not {@code add}, the
     * tile is added to {@code +0.0} instead of to {@code c}.
     */
    private static void tile(float[] ap, int ao, float[] bp, int bo, int kc, float[] c, int cAt, int ldc,
                             int h, int w, float[] tile, boolean add) {
        int rows = h <= 4 ? 4 : h <= 8 ? 8 : MR;
        if (h == rows && w == NR) {
            kernelRows(rows, ap, ao, bp, bo, kc, c, cAt, ldc, add);
            return;
        }
        java.util.Arrays.fill(tile, -0.0f);
        kernelRows(rows, ap, ao, bp, bo, kc, tile, 0, NR, true);
        if (w == NR) {
            for (int r = 0; r < h; r++) {
                int at = cAt + r * ldc;
                (add ? FloatVector.fromArray(F, c, at) : FloatVector.zero(F)).add(FloatVector.fromArray(F, tile, r * NR))
                        .intoArray(c, at);
            }
        } else {
            for (int r = 0; r < h; r++) {
                for (int j = 0; j < w; j++) {
                    int at = cAt + r * ldc + j;
                    c[at] = (add ? c[at] : 0f) + tile[r * NR + j];
                }
            }
        }
    }

    private static void kernelRows(int rows, float[] ap, int ao, float[] bp, int bo, int kc, float[] c, int cAt, int ldc,
                                   boolean add) {
        if (rows == MR) {
            kernel(ap, ao, bp, bo, kc, c, cAt, ldc, add);
        } else if (rows == 8) {
            kernel8(ap, ao, bp, bo, kc, c, cAt, ldc, add);
        } else {
            kernel4(ap, ao, bp, bo, kc, c, cAt, ldc, add);
        }
    }

    /** {@link #kernel} on the first 8 rows of a 12-row panel. */
    private static void kernel8(float[] ap, int ao, float[] bp, int bo, int kc, float[] c, int cAt, int ldc,
                               boolean add) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c0 = zero;
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        FloatVector c4 = c0;
        FloatVector c5 = c0;
        FloatVector c6 = c0;
        FloatVector c7 = c0;
        for (int p = 0; p < kc; p++) {
            FloatVector bv = FloatVector.fromArray(F, bp, bo + p * NR);
            int x = ao + p * MR;
            c0 = FloatVector.broadcast(F, ap[x]).fma(bv, c0);
            c1 = FloatVector.broadcast(F, ap[x + 1]).fma(bv, c1);
            c2 = FloatVector.broadcast(F, ap[x + 2]).fma(bv, c2);
            c3 = FloatVector.broadcast(F, ap[x + 3]).fma(bv, c3);
            c4 = FloatVector.broadcast(F, ap[x + 4]).fma(bv, c4);
            c5 = FloatVector.broadcast(F, ap[x + 5]).fma(bv, c5);
            c6 = FloatVector.broadcast(F, ap[x + 6]).fma(bv, c6);
            c7 = FloatVector.broadcast(F, ap[x + 7]).fma(bv, c7);
        }
        (add ? FloatVector.fromArray(F, c, cAt) : zero).add(c0).intoArray(c, cAt);
        (add ? FloatVector.fromArray(F, c, cAt + ldc) : zero).add(c1).intoArray(c, cAt + ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 2 * ldc) : zero).add(c2).intoArray(c, cAt + 2 * ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 3 * ldc) : zero).add(c3).intoArray(c, cAt + 3 * ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 4 * ldc) : zero).add(c4).intoArray(c, cAt + 4 * ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 5 * ldc) : zero).add(c5).intoArray(c, cAt + 5 * ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 6 * ldc) : zero).add(c6).intoArray(c, cAt + 6 * ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 7 * ldc) : zero).add(c7).intoArray(c, cAt + 7 * ldc);
    }

    /** {@link #kernel} on the first 4 rows of a 12-row panel. */
    private static void kernel4(float[] ap, int ao, float[] bp, int bo, int kc, float[] c, int cAt, int ldc,
                               boolean add) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c0 = zero;
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        for (int p = 0; p < kc; p++) {
            FloatVector bv = FloatVector.fromArray(F, bp, bo + p * NR);
            int x = ao + p * MR;
            c0 = FloatVector.broadcast(F, ap[x]).fma(bv, c0);
            c1 = FloatVector.broadcast(F, ap[x + 1]).fma(bv, c1);
            c2 = FloatVector.broadcast(F, ap[x + 2]).fma(bv, c2);
            c3 = FloatVector.broadcast(F, ap[x + 3]).fma(bv, c3);
        }
        (add ? FloatVector.fromArray(F, c, cAt) : zero).add(c0).intoArray(c, cAt);
        (add ? FloatVector.fromArray(F, c, cAt + ldc) : zero).add(c1).intoArray(c, cAt + ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 2 * ldc) : zero).add(c2).intoArray(c, cAt + 2 * ldc);
        (add ? FloatVector.fromArray(F, c, cAt + 3 * ldc) : zero).add(c3).intoArray(c, cAt + 3 * ldc);
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
