package dev.keras2j.runtime.kernel;

/**
 * Single-precision matrix multiply on row-major arrays: the kernel under Dense, convolutions (as
 * im2col) and recurrent input projections.
 */
public final class Gemm {
    private Gemm() {
    }

    /**
     * {@code c[m×n] += a[m×k] · b[k×n]}, all row-major and contiguous from the given offsets.
     */
    public static void multiplyAdd(float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset,
                                   int m, int k, int n) {
        // i-k-j order streams rows of b and c, which the JIT vectorizes.
        for (int i = 0; i < m; i++) {
            int cRow = cOffset + i * n;
            int aRow = aOffset + i * k;
            for (int p = 0; p < k; p++) {
                float av = a[aRow + p];
                if (av == 0f) {
                    continue;
                }
                int bRow = bOffset + p * n;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += av * b[bRow + j];
                }
            }
        }
    }

    /** {@code c[m×n] = a[m×k] · b[k×n] (+ bias[n] on every row when bias is not null)}. */
    public static float[] multiply(float[] a, float[] b, float[] bias, int m, int k, int n) {
        float[] c = new float[Math.multiplyExact(m, n)];
        if (bias != null) {
            for (int i = 0; i < m; i++) {
                System.arraycopy(bias, 0, c, i * n, n);
            }
        }
        multiplyAdd(a, 0, b, 0, c, 0, m, k, n);
        return c;
    }
}
