package dev.keras2j.runtime.kernel;

/**
 * Single-precision matrix multiply on row-major arrays, the product under Dense, convolutions and
 * recurrent projections: its public entry points, and which path and thread split each product takes.
 *
 * <p><b>One summation order.</b> Every element is computed the same way on every path, thread count, split
 * and batch size: {@code k} is cut into blocks of {@link #KC} from 0; within a block an accumulator starting
 * at {@code +0} takes the fused multiply-adds {@code acc = fma(a[i][p], b[p][j], acc)} in increasing
 * {@code p}; then {@code c[i][j] += acc}. So the Vector API path ({@link VectorGemm}) and the portable path
 * ({@link PortableGemm}) give bit-identical results, whatever the vector width, and a row's result does not
 * depend on the other rows in the batch.
 *
 * <p>Products of at least {@link #VECTOR_MIN_M} rows take the Vector API path once {@link VectorSupport#ready()}.
 * Large products are split over the {@link Parallelism} threads into disjoint row (or, for few rows,
 * column) ranges of {@code c}. Scratch buffers are per thread, so any number of threads may multiply at once.
 */
public final class Gemm {
    /** Rows of {@code b} per block: the unit of the summation order, shared by both paths. */
    static final int KC = 256;
    /** Below this many multiply-adds a product runs on the calling thread. */
    static final long PARALLEL_WORK = 1L << 17;
    /** Ranges per thread of a parallel vector product, taken by whichever thread is free. */
    static final int PARTS_PER_THREAD = 4;
    /** Products with at least this many rows use {@link VectorGemm} when it is ready. */
    private static final int VECTOR_MIN_M = 4;

    private Gemm() {
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

    /** {@link #multiplyAdd} on the portable path. */
    static void plainMultiplyAdd(float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset,
                                 int m, int k, int n) {
        PortableGemm.multiplyAdd(a, aOffset, b, bOffset, c, cOffset, m, k, n);
    }

    /** {@link #multiplyAdd(float[], int, PreparedMatrix, float[], int, int)} on the portable path. */
    static void plainMultiplyAdd(float[] a, int aOffset, PreparedMatrix b, float[] c, int cOffset, int m) {
        PortableGemm.multiplyAdd(a, aOffset, b, c, cOffset, m);
    }

    /** {@link #multiplyAdd} on the Vector API path; only once {@link VectorSupport#available()}. */
    static void vectorMultiplyAdd(float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset,
                                  int m, int k, int n) {
        vectorSplit(m, k, n, (i0, i1, j0, j1, rows) ->
                VectorGemm.multiplyAdd(a, aOffset, b, bOffset, c, cOffset, i0, i1, k, n, j0, j1, rows));
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
