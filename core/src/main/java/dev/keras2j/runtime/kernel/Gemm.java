package dev.keras2j.runtime.kernel;

/**
 * Single-precision matrix multiply on row-major arrays: the kernel under Dense, convolutions (as
 * im2col) and recurrent projections.
 *
 * <p><b>One summation order.</b> Every element is computed the same way on every path, thread count, split
 * and batch size: {@code k} is cut into blocks of {@link #KC} from 0; within a block an accumulator starting
 * at {@code +0} takes the fused multiply-adds {@code acc = fma(a[i][p], b[p][j], acc)} in increasing
 * {@code p}; then {@code c[i][j] += acc}. So the Vector API path ({@link VectorGemm}) and the portable path
 * below give bit-identical results, and a row's result does not depend on the other rows in the batch.
 *
 * <p>The portable path is written so that HotSpot's C2 (Java 17) vectorizes its inner loop. C2's SuperWord
 * only vectorizes a loop whose array accesses all use the same index expression, so a block of {@code b}
 * ({@link #KC} rows by {@link #NB} columns) is first packed into one small array per row, and the
 * accumulators of a {@code c} row segment live in a scratch array, both indexed from 0. The inner loop
 * takes four rows of the packed block per pass ({@code d[j] = fma(x3, b3[j], fma(x2, b2[j], fma(x1, b1[j],
 * fma(x0, b0[j], d[j]))))}), so each load and store of the segment serves four multiply-adds.
 *
 * <p>The Vector API path keeps a tile of {@code c} in registers and is about twice as fast on large
 * products; it is used once {@link VectorSupport#ready()} (the module is resolved and its kernel compiled).
 *
 * <p>Large products are split over the {@link Parallelism} threads into disjoint row (or, for few rows,
 * column) ranges of {@code c}. The scratch buffers are per thread, so any number of threads may multiply
 * at once.
 */
public final class Gemm {
    /** Rows of {@code b} per block: the unit of the summation order, shared by both paths. */
    static final int KC = 256;
    /** Columns of {@code b} per packed block of the portable path: the width of a {@code c} segment. */
    private static final int NB = 256;
    /** Below this many multiply-adds a product runs on the calling thread. */
    private static final long PARALLEL_WORK = 1L << 17;
    /** Ranges per thread of a parallel vector product, taken by whichever thread is free. */
    static final int PARTS_PER_THREAD = 4;
    /** Products with fewer rows than this (per thread) skip packing on the portable path. */
    private static final int SMALL_M = 4;
    /** Products with at least this many rows use {@link VectorGemm} when it is ready. */
    private static final int VECTOR_MIN_M = 4;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Whether the CPU fuses multiply-adds. Without hardware FMA, {@code Math.fma} falls back to BigDecimal,
     * hundreds of times slower; there the portable path multiplies and adds, and the Vector API path, whose
     * sums would differ, is not used ({@link VectorSupport}).
     */
    static final boolean FUSED = hardwareFma();

    private Gemm() {
    }

    /**
     * HotSpot's {@code UseFMA}. Asking the management API for it costs about 50 ms of start-up on the first
     * product, so the CPU is asked first where that is cheap: every 64-bit ARM CPU fuses, and on x86 Linux
     * HotSpot sets {@code UseFMA} from the CPU's {@code fma} flag, which {@code /proc/cpuinfo} lists.
     */
    private static boolean hardwareFma() {
        String arch = System.getProperty("os.arch", "");
        if (arch.equals("aarch64")) {
            return true;
        }
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            Boolean listed = cpuInfoFlag("fma");
            if (listed != null) {
                return listed;
            }
        }
        try {
            var vm = java.lang.management.ManagementFactory.getPlatformMXBean(
                    com.sun.management.HotSpotDiagnosticMXBean.class);
            return vm == null || Boolean.parseBoolean(vm.getVMOption("UseFMA").getValue());
        } catch (RuntimeException | LinkageError e) {
            return true;
        }
    }

    /** Whether the first CPU's {@code flags} line in {@code /proc/cpuinfo} lists {@code flag}; null if unknown. */
    private static Boolean cpuInfoFlag(String flag) {
        try (var in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of("/proc/cpuinfo"))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("flags")) {
                    return java.util.Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split(" ")).contains(flag);
                }
            }
            return null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
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

    /**
     * {@code c[m×n] += a[m×k] · b[k×n]}, all row-major and contiguous from the given offsets.
     */
    public static void multiplyAdd(float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset,
                                   int m, int k, int n) {
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        if (m >= VECTOR_MIN_M && VectorSupport.ready()) {
            vectorMultiplyAdd(a, aOffset, b, bOffset, c, cOffset, m, k, n);
        } else {
            plainMultiplyAdd(a, aOffset, b, bOffset, c, cOffset, m, k, n);
        }
    }

    /** {@link #multiplyAdd} on the Vector API path; only once {@link VectorSupport#available()}. */
    static void vectorMultiplyAdd(float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset,
                                  int m, int k, int n) {
        vectorSplit(m, k, n, (i0, i1, j0, j1, rows) ->
                VectorGemm.multiplyAdd(a, aOffset, b, bOffset, c, cOffset, i0, i1, k, n, j0, j1, rows));
    }

    /** {@link #multiplyAdd} on the portable path. */
    static void plainMultiplyAdd(float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset,
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

    /** A block of {@code c}: rows {@code [i0, i1)}, columns {@code [j0, j1)}, its rows split over the threads or not. */
    @FunctionalInterface
    private interface BlockBody {
        void run(int i0, int i1, int j0, int j1, boolean parallelRows);
    }

    /**
     * Splits an {@code m × n} product over the threads for {@link VectorGemm}: by rows, within each packed
     * block of {@code b}, when there are enough register tiles of rows to share evenly; else by whole vectors
     * of columns, each range packing its own columns of {@code b} (a batch of 32 has only three tiles of
     * rows, but a recurrent step has hundreds of columns).
     */
    private static void vectorSplit(int m, int k, int n, BlockBody body) {
        boolean parallel = Parallelism.threads() > 1 && (long) m * n * k >= PARALLEL_WORK;
        if (!parallel) {
            body.run(0, m, 0, n, false);
        } else if (!splitsColumns(m, k, n)) {
            body.run(0, m, 0, n, true);
        } else {
            int colVectors = (n + VectorGemm.NR - 1) / VectorGemm.NR;
            Parallelism.forRange(colVectors, true, PARTS_PER_THREAD, (v0, v1) ->
                    body.run(0, m, v0 * VectorGemm.NR, Math.min(n, v1 * VectorGemm.NR), false));
        }
    }

    /** Whether {@link #vectorSplit} shares this product out by ranges of columns (rather than rows, or not at all). */
    private static boolean splitsColumns(int m, int k, int n) {
        int threads = Parallelism.threads();
        int rowTiles = (m + VectorGemm.MR - 1) / VectorGemm.MR;
        int colVectors = (n + VectorGemm.NR - 1) / VectorGemm.NR;
        return threads > 1 && (long) m * n * k >= PARALLEL_WORK && rowTiles < 4 * threads && colVectors >= 2 * threads;
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

    /**
     * {@code c[m×b.columnCount()] += a[m×b.rowCount()] · b}; {@code a} and {@code c} row-major and contiguous
     * from their offsets. The same sums as {@link #multiplyAdd}.
     */
    public static void multiplyAdd(float[] a, int aOffset, PreparedMatrix b, float[] c, int cOffset, int m) {
        if (m >= VECTOR_MIN_M && VectorSupport.ready()) {
            vectorMultiplyAdd(a, aOffset, b, c, cOffset, m);
        } else {
            plainMultiplyAdd(a, aOffset, b, c, cOffset, m);
        }
    }

    /**
     * {@code c[m×b.columnCount()] = a[m×b.rowCount()] · b}, overwriting {@code c}: the bits of
     * {@link #multiplyAdd(float[], int, PreparedMatrix, float[], int, int)} into zeros, without the zeros.
     * On the Vector API path the first block of sums is added to {@code +0.0} in registers and stored, which
     * saves a pass over {@code c} and a load per register tile (a product that is short along {@code k}, as
     * Winograd's are, spends a good part of its time there).
     */
    public static void multiply(float[] a, int aOffset, PreparedMatrix b, float[] c, int cOffset, int m) {
        if (m >= VECTOR_MIN_M && VectorSupport.ready() && b.k > 0) {
            vectorProduct(a, aOffset, b, c, cOffset, m, true);
        } else {
            java.util.Arrays.fill(c, cOffset, cOffset + m * b.n, 0f);
            plainMultiplyAdd(a, aOffset, b, c, cOffset, m);
        }
    }

    /**
     * {@code c[a.rows() × b.columnCount()] += a · b} for a convolution's patch matrix {@code a}, {@code c}
     * row-major and contiguous from {@code cOffset}: the same sums as {@link #multiplyAdd} on the patch
     * matrix built. The Vector API path never builds it; the portable path builds it for this call.
     */
    public static void multiplyAdd(ConvPatches a, PreparedMatrix b, float[] c, int cOffset) {
        int m = a.rows();
        if (a.columns() != b.k) {
            throw new IllegalArgumentException("patches of " + a.columns() + " values by a matrix of " + b.k + " rows");
        }
        if (m == 0 || b.n == 0 || b.k == 0) {
            return;
        }
        if (m >= VECTOR_MIN_M && VectorSupport.ready()) {
            vectorMultiplyAdd(a, b, c, cOffset);
        } else {
            plainMultiplyAdd(a, b, c, cOffset);
        }
    }

    /** {@link #multiplyAdd(ConvPatches, PreparedMatrix, float[], int)} on the Vector API path. */
    static void vectorMultiplyAdd(ConvPatches a, PreparedMatrix b, float[] c, int cOffset) {
        float[] panels = b.panels();
        if (splitsColumns(a.rows(), b.k, b.n)) {
            // Every column range needs every row: gathered once here instead of once per range (a batch-1
            // 8×8 map has 64 windows of thousands of values, and a product splits into eight ranges).
            float[] rows = VectorGemm.packPatchRows(a);
            int m = a.rows();
            int vectors = (b.n + VectorGemm.NR - 1) / VectorGemm.NR;
            Parallelism.forRange(vectors, true, PARTS_PER_THREAD, (v0, v1) -> VectorGemm.multiplyAddPackedRows(
                    rows, m, b.k, panels, b.n, c, cOffset, v0 * VectorGemm.NR, Math.min(b.n, v1 * VectorGemm.NR)));
            return;
        }
        vectorSplit(a.rows(), b.k, b.n, (i0, i1, j0, j1, rows) ->
                VectorGemm.multiplyAddPatches(a, panels, c, cOffset, i0, i1, b.k, b.n, j0, j1, rows));
    }

    /**
     * {@link #multiplyAdd(ConvPatches, PreparedMatrix, float[], int)} on the portable path. The patch matrix
     * is a fresh array, not per-thread scratch: while this thread waits for the threads reading it, it may
     * run another convolution's range.
     */
    static void plainMultiplyAdd(ConvPatches a, PreparedMatrix b, float[] c, int cOffset) {
        float[] patches = new float[Math.multiplyExact(a.rows(), b.k)];
        a.fill(patches);
        plainMultiplyAdd(patches, 0, b, c, cOffset, a.rows());
    }

    /**
     * {@code c[a.rowCount() × b.columns()] += a · b}, {@code c} row-major and contiguous from {@code cOffset}:
     * the same sums as {@link #multiplyAdd} on {@code b} copied out. The Vector API path reads {@code b} in
     * place and splits its columns over the threads; the portable path copies it out for this call.
     */
    public static void multiplyAdd(PreparedMatrix a, ShiftedRows b, float[] c, int cOffset) {
        if (b.rows() != a.n) {
            throw new IllegalArgumentException("a matrix of " + a.n + " columns by " + b.rows() + " shifted rows");
        }
        int m = a.k;
        int n = b.columns();
        if (m == 0 || n == 0 || a.n == 0) {
            return;
        }
        if (VectorSupport.ready()) {
            vectorMultiplyAdd(a, b, c, cOffset);
        } else {
            plainMultiplyAdd(a, b, c, cOffset);
        }
    }

    /** {@link #multiplyAdd(PreparedMatrix, ShiftedRows, float[], int)} on the Vector API path. */
    static void vectorMultiplyAdd(PreparedMatrix a, ShiftedRows b, float[] c, int cOffset) {
        float[] panels = a.rowPanels();
        int m = a.k;
        int k = a.n;
        int n = b.columns();
        int vectors = (n + VectorGemm.NR - 1) / VectorGemm.NR;
        boolean parallel = Parallelism.threads() > 1 && (long) m * n * k >= PARALLEL_WORK;
        Parallelism.forRange(vectors, parallel, PARTS_PER_THREAD, (v0, v1) -> VectorGemm.multiplyAddShifted(
                panels, m, k, b, c, cOffset, v0 * VectorGemm.NR, Math.min(n, v1 * VectorGemm.NR)));
    }

    /** {@link #multiplyAdd(PreparedMatrix, ShiftedRows, float[], int)} on the portable path. */
    static void plainMultiplyAdd(PreparedMatrix a, ShiftedRows b, float[] c, int cOffset) {
        float[] rows = new float[Math.multiplyExact(b.rows(), b.columns())];
        b.fill(rows);
        plainMultiplyAdd(a.flat, 0, rows, 0, c, cOffset, a.k, a.n, b.columns());
    }

    /** {@link #multiplyAdd(float[], int, PreparedMatrix, float[], int, int)} on the Vector API path. */
    static void vectorMultiplyAdd(float[] a, int aOffset, PreparedMatrix b, float[] c, int cOffset, int m) {
        vectorProduct(a, aOffset, b, c, cOffset, m, false);
    }

    /** {@link #multiply} on the Vector API path with {@code overwrite}, else {@link #vectorMultiplyAdd}. */
    static void vectorProduct(float[] a, int aOffset, PreparedMatrix b, float[] c, int cOffset, int m,
                              boolean overwrite) {
        if (m == 0 || b.n == 0 || b.k == 0) {
            return;
        }
        float[] panels = b.panels();
        vectorSplit(m, b.k, b.n, (i0, i1, j0, j1, rows) -> VectorGemm.multiplyPacked(
                a, aOffset, panels, c, cOffset, i0, i1, b.k, b.n, j0, j1, rows, overwrite));
    }

    /**
     * {@link #multiplyAdd(float[], int, PreparedMatrix, float[], int, int)} on the portable path. A few rows
     * by a cache-sized matrix read its rows as arrays: {@link #direct} indexes {@code b} and the accumulators
     * differently, which C2 does not vectorize, and at batch 1 a recurrent step is exactly that product.
     */
    static void plainMultiplyAdd(float[] a, int aOffset, PreparedMatrix b, float[] c, int cOffset, int m) {
        int k = b.k;
        int n = b.n;
        float[][] rows = m < SMALL_M ? b.rowsIfCacheSized() : null;
        if (rows == null) {
            plainMultiplyAdd(a, aOffset, b.flat, 0, c, cOffset, m, k, n);
            return;
        }
        // Split by columns: a few rows by a whole matrix is bound by reading the matrix, and each thread then
        // reads only its own columns of it (a batch-1 Dense of 4096 × 256 ran 1.4× faster on two threads).
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

    /**
     * {@code c[m×n] = a[m×k] · b (+ bias[n] on every row when bias is not null)}, overwriting {@code c}: the bits of
     * {@link #multiply(float[], PreparedMatrix, float[], int)} in an array the caller reuses.
     */
    public static void multiply(float[] a, PreparedMatrix b, float[] bias, float[] c, int m) {
        if (bias == null) {
            multiply(a, 0, b, c, 0, m);
            return;
        }
        fillRows(bias, c, m, b.n);
        multiplyAdd(a, 0, b, c, 0, m);
    }

    /** {@code a[m×k] · b (+ bias[n] on every row when bias is not null)}. */
    public static float[] multiply(float[] a, PreparedMatrix b, float[] bias, int m) {
        float[] c = withBias(bias, m, b.n);
        multiplyAdd(a, 0, b, c, 0, m);
        return c;
    }

    /** {@code c[m×n] = a[m×k] · b[k×n] (+ bias[n] on every row when bias is not null)}. */
    public static float[] multiply(float[] a, float[] b, float[] bias, int m, int k, int n) {
        float[] c = withBias(bias, m, n);
        multiplyAdd(a, 0, b, 0, c, 0, m, k, n);
        return c;
    }

    private static float[] withBias(float[] bias, int m, int n) {
        float[] c = new float[Math.multiplyExact(m, n)];
        if (bias != null) {
            fillRows(bias, c, m, n);
        }
        return c;
    }

    /** Each of the {@code m} rows of {@code c[m×n]} set to {@code bias[n]}. */
    private static void fillRows(float[] bias, float[] c, int m, int n) {
        for (int i = 0; i < m; i++) {
            System.arraycopy(bias, 0, c, i * n, n);
        }
    }
}
