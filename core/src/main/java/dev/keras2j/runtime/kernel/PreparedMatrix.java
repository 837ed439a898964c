package dev.keras2j.runtime.kernel;

/**
 * A matrix {@code b[k×n]} that is multiplied many times: a layer's kernel (a recurrent kernel by
 * the state at every timestep, a convolution kernel by every example's patches, a Dense kernel by every
 * batch). The Vector API path packs it into panels on first use and keeps them (a second copy of
 * {@code b}), instead of packing it at every product; as the right-hand side, or, for a convolution computed
 * transposed ({@link Gemm#multiplyAdd(PreparedMatrix, ShiftedRows, float[], int)}), as the left. The portable path reads it as stored, except for
 * products by fewer than four rows (a recurrent step at batch 1) with a matrix small enough to stay in
 * cache: those read it as one array per row, the only form C2 vectorizes without packing. Safe to share
 * between threads (racing first uses build equal arrays).
 */
public final class PreparedMatrix {
    final int k;
    final int n;
    /** Row-major {@code b}; never written. */
    final float[] flat;
    private volatile float[] panels;
    private volatile float[] rowPanels;
    private volatile float[][] rows;
    /** Larger matrices are read from memory at the speed of memory whatever the loop: no row copy. */
    private static final int CACHED_ROWS_LIMIT = 1 << 20;

    private PreparedMatrix(float[] flat, int k, int n) {
        this.flat = flat;
        this.k = k;
        this.n = n;
    }

    /** The row-major {@code b[k×n]}, kept by reference: the caller must not change it afterwards. */
    public static PreparedMatrix of(float[] b, int k, int n) {
        if (b.length != Math.multiplyExact(k, n)) {
            throw new IllegalArgumentException("a " + k + "×" + n + " matrix needs " + k * n + " values, got " + b.length);
        }
        return new PreparedMatrix(b, k, n);
    }

    /** A copy of columns {@code [from, from + count)} of the row-major {@code b[k×n]}. */
    public static PreparedMatrix columns(float[] b, int k, int n, int from, int count) {
        float[] slice = new float[k * count];
        for (int p = 0; p < k; p++) {
            System.arraycopy(b, p * n + from, slice, p * count, count);
        }
        return new PreparedMatrix(slice, k, count);
    }

    /** Rows of {@code b}. */
    public int rowCount() {
        return k;
    }

    /** Columns of {@code b}. */
    public int columnCount() {
        return n;
    }

    /** {@code b} as one array per row, or null when it is too large to be worth a copy. */
    float[][] rowsIfCacheSized() {
        if ((long) k * n > CACHED_ROWS_LIMIT) {
            return null;
        }
        float[][] r = rows;
        if (r == null) {
            r = new float[k][n];
            for (int p = 0; p < k; p++) {
                System.arraycopy(flat, p * n, r[p], 0, n);
            }
            rows = r;
        }
        return r;
    }

    /** The matrix packed as the left operand of the Vector API path (used by convolutions computed transposed). */
    float[] rowPanels() {
        float[] p = rowPanels;
        if (p == null) {
            p = VectorGemm.packRows(flat, k, n);
            rowPanels = p;
        }
        return p;
    }

    float[] panels() {
        float[] p = panels;
        if (p == null) {
            p = VectorGemm.pack(flat, k, n);
            panels = p;
        }
        return p;
    }
}
