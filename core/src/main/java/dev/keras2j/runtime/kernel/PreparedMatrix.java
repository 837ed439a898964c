package dev.keras2j.runtime.kernel;

/**
 * A right-hand side {@code b[k×n]} prepared once for many products by few rows: a recurrent kernel,
 * multiplied by the state at every timestep. The portable path reads it as one array per row (so it needs
 * no packing per product); the Vector API path as panels packed on first use, so a recurrent layer does
 * not repack its kernel at every step. Immutable once built; safe to share between threads.
 */
public final class PreparedMatrix {
    final int k;
    final int n;
    final float[][] rows;
    /** {@link VectorGemm#pack}ed, built by the first vector product (racing builders make equal arrays). */
    private volatile float[] panels;

    private PreparedMatrix(float[][] rows, int k, int n) {
        this.rows = rows;
        this.k = k;
        this.n = n;
    }

    /** The row-major {@code b[k×n]}. */
    public static PreparedMatrix of(float[] b, int k, int n) {
        return columns(b, k, n, 0, n);
    }

    /** Columns {@code [from, from + count)} of the row-major {@code b[k×n]}. */
    public static PreparedMatrix columns(float[] b, int k, int n, int from, int count) {
        float[][] r = new float[k][count];
        for (int p = 0; p < k; p++) {
            System.arraycopy(b, p * n + from, r[p], 0, count);
        }
        return new PreparedMatrix(r, k, count);
    }

    /** Rows of {@code b}. */
    public int rowCount() {
        return k;
    }

    /** Columns of {@code b}. */
    public int columnCount() {
        return n;
    }

    float[] panels() {
        float[] p = panels;
        if (p == null) {
            p = VectorGemm.pack(rows, k, n);
            panels = p;
        }
        return p;
    }
}
