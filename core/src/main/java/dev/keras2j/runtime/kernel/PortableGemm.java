package dev.keras2j.runtime.kernel;

import dev.keras2j.runtime.jit.CpuFeatures;

/**
 * {@link Gemm}'s portable kernels: plain Java loops written so that HotSpot's C2 vectorizes their inner
 * loop, in {@link Gemm}'s summation order.
 *
 * <p>C2's SuperWord only vectorizes a loop whose array accesses all use the same index expression, so a
 * block of {@code b} ({@link Gemm#KC} rows by {@link #NB} columns) is first packed into one small array per
 * row, and the accumulators of a {@code c} row segment live in a scratch array, both indexed from 0. The
 * inner loop takes four rows of the packed block per pass ({@code d[j] = fma(x3, b3[j], fma(x2, b2[j],
 * fma(x1, b1[j], fma(x0, b0[j], d[j]))))}), so each load and store of the segment serves four multiply-adds.
 * Where the CPU has no fused multiply-add they multiply and add.
 */
final class PortableGemm {
    private static final int KC = Gemm.KC;
    /** Columns of {@code b} per packed block: the width of a {@code c} segment. */
    private static final int NB = 256;
    /** Products with fewer rows than this (per thread) skip packing. */
    static final int SMALL_M = 4;
    private static final boolean FUSED = CpuFeatures.fusedMultiplyAdd();
    private static final long PARALLEL_WORK = Gemm.PARALLEL_WORK;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private PortableGemm() {
    }

    /** {@code a·b + c}, fused where the hardware can (a constant branch: C2 keeps only one side). */
    private static float fma(float a, float b, float c) {
        return FUSED ? Math.fma(a, b, c) : a * b + c;
    }

    /** A thread's packed block of {@code b} and its accumulator segment, grown on demand. */
    private static final class Scratch {
        float[][] packed = new float[0][];
        float[] segment = new float[0];

        float[][] packed(int rows, int cols) {
            if (packed.length < rows || (rows > 0 && packed[0].length < cols)) {
                int r = Math.max(rows, packed.length);
                int c = Math.max(cols, packed.length == 0 ? 0 : packed[0].length);
                packed = new float[r][c];
            }
            return packed;
        }

        float[] segment(int cols) {
            if (segment.length < cols) {
                segment = new float[cols];
            }
            return segment;
        }
    }

    /** {@code c[m×n] += a[m×k] · b[k×n]}, all row-major and contiguous from the given offsets. */
    static void multiplyAdd(float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset,
                                 int m, int k, int n) {
        int threads = Parallelism.threads();
        boolean parallel = threads > 1 && (long) m * n * k >= PARALLEL_WORK;
        if (!parallel) {
            blocked(a, aOffset, b, bOffset, c, cOffset, 0, m, k, n, 0, n);
        } else if (m >= 4 * threads) {
            Parallelism.forRange(m, true, (i0, i1) -> blocked(a, aOffset, b, bOffset, c, cOffset, i0, i1, k, n, 0, n));
        } else {
            // Few rows (batch-1 Dense, recurrent steps): split the columns, in whole vectors.
            int chunks = (n + 15) / 16;
            Parallelism.forRange(chunks, true, (c0, c1) ->
                    blocked(a, aOffset, b, bOffset, c, cOffset, 0, m, k, n, c0 * 16, Math.min(n, c1 * 16)));
        }
    }

    /**
     * {@code c[m×b.columnCount()] += a[m×b.rowCount()] · b}. A few rows
     * by a cache-sized matrix read its rows as arrays: {@link #direct} indexes {@code b} and the accumulators
     * differently, which C2 does not vectorize, and at batch 1 a recurrent step is exactly that product.
     */
    static void multiplyAdd(float[] a, int aOffset, PreparedMatrix b, float[] c, int cOffset, int m) {
        int k = b.k;
        int n = b.n;
        float[][] rows = m < SMALL_M ? b.rowsIfCacheSized() : null;
        if (rows == null) {
            multiplyAdd(a, aOffset, b.flat, 0, c, cOffset, m, k, n);
            return;
        }
        // Split by columns: a few rows by a whole matrix is bound by reading the matrix, and each thread then
        // reads only its own columns of it.
        boolean parallel = Parallelism.threads() > 1 && (long) m * n * k >= PARALLEL_WORK && n >= 32;
        int chunks = (n + 15) / 16;
        Parallelism.forRange(chunks, parallel, (c0, c1) -> {
            int j0 = c0 * 16;
            int w = Math.min(n, c1 * 16) - j0;
            int j1 = j0 + w;
            // Indexed like the rows (d[j] with rows[p][j]): the form C2 vectorizes.
            float[] d = SCRATCH.get().segment(n);
            for (int i = 0; i < m; i++) {
                for (int pc = 0; pc < k; pc += KC) {
                    int kc = Math.min(KC, k - pc);
                    java.util.Arrays.fill(d, j0, j1, 0f);
                    accumulate(a, aOffset + i * k + pc, rows, pc, kc, d, j0, j1);
                    addTo(d, j0, c, cOffset + i * n + j0, w);
                }
            }
        });
    }

    /** Rows {@code [i0, i1)} and columns {@code [j0, j1)} of {@code c += a·b}. */
    private static void blocked(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                                int i0, int i1, int k, int n, int j0, int j1) {
        if (i1 - i0 < SMALL_M) {
            direct(a, aOff, b, bOff, c, cOff, i0, i1, k, n, j0, j1);
        } else {
            packed(a, aOff, b, bOff, c, cOff, i0, i1, k, n, j0, j1);
        }
    }

    /**
     * Without packing, for a few rows: each element of {@code b} is used by only these rows, so packing it
     * would cost as much as the product, and reading {@code b} from memory bounds the speed either way.
     */
    private static void direct(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                               int i0, int i1, int k, int n, int j0, int j1) {
        int w = j1 - j0;
        float[] d = SCRATCH.get().segment(w);
        for (int i = i0; i < i1; i++) {
            int cr = cOff + i * n + j0;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                java.util.Arrays.fill(d, 0, w, 0f);
                int ar = aOff + i * k + pc;
                int br = bOff + pc * n + j0;
                int p = 0;
                for (; p + 4 <= kc; p += 4) {
                    float x0 = a[ar + p];
                    float x1 = a[ar + p + 1];
                    float x2 = a[ar + p + 2];
                    float x3 = a[ar + p + 3];
                    int b0 = br + p * n;
                    int b1 = b0 + n;
                    int b2 = b1 + n;
                    int b3 = b2 + n;
                    for (int j = 0; j < w; j++) {
                        d[j] = fma(x3, b[b3 + j], fma(x2, b[b2 + j],
                                fma(x1, b[b1 + j], fma(x0, b[b0 + j], d[j]))));
                    }
                }
                for (; p < kc; p++) {
                    float x = a[ar + p];
                    int b0 = br + p * n;
                    for (int j = 0; j < w; j++) {
                        d[j] = fma(x, b[b0 + j], d[j]);
                    }
                }
                addTo(d, 0, c, cr, w);
            }
        }
    }

    private static void packed(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                               int i0, int i1, int k, int n, int j0, int j1) {
        Scratch s = SCRATCH.get();
        int width = Math.min(NB, j1 - j0);
        float[][] bp = s.packed(Math.min(KC, k), width);
        float[] d = s.segment(width);
        for (int jb = j0; jb < j1; jb += NB) {
            int w = Math.min(NB, j1 - jb);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(b, bOff + (pc + p) * n + jb, bp[p], 0, w);
                }
                for (int i = i0; i < i1; i++) {
                    java.util.Arrays.fill(d, 0, w, 0f);
                    accumulate(a, aOff + i * k + pc, bp, 0, kc, d, 0, w);
                    addTo(d, 0, c, cOff + i * n + jb, w);
                }
            }
        }
    }

    /** {@code c[at, at + w) += d[from, from + w)}. */
    private static void addTo(float[] d, int from, float[] c, int at, int w) {
        for (int j = 0; j < w; j++) {
            c[at + j] += d[from + j];
        }
    }

    /** {@code d[j0, j1) = fma(a[ar + p], bp[bp0 + p][j0, j1), d)} for {@code p} in {@code [0, kc)}, in order. */
    private static void accumulate(float[] a, int ar, float[][] bp, int bp0, int kc, float[] d, int j0, int j1) {
        int p = 0;
        for (; p + 4 <= kc; p += 4) {
            float x0 = a[ar + p];
            float x1 = a[ar + p + 1];
            float x2 = a[ar + p + 2];
            float x3 = a[ar + p + 3];
            float[] b0 = bp[bp0 + p];
            float[] b1 = bp[bp0 + p + 1];
            float[] b2 = bp[bp0 + p + 2];
            float[] b3 = bp[bp0 + p + 3];
            for (int j = j0; j < j1; j++) {
                d[j] = fma(x3, b3[j], fma(x2, b2[j], fma(x1, b1[j], fma(x0, b0[j], d[j]))));
            }
        }
        for (; p < kc; p++) {
            float x = a[ar + p];
            float[] b0 = bp[bp0 + p];
            for (int j = j0; j < j1; j++) {
                d[j] = fma(x, b0[j], d[j]);
            }
        }
    }
}
