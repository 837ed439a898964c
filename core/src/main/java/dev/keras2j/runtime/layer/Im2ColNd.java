package dev.keras2j.runtime.layer;

/** The patch matrix of a convolution over any number of spatial axes ({@link Im2Col} for {@link VolumeBatch}). */
final class Im2ColNd {
    private Im2ColNd() {
    }

    /**
     * Writes rows {@code [p0, p0 + m)} (output positions) of example {@code b}'s patch matrix into
     * {@code patches}: each row is the window's taps in row-major order, each tap channels
     * {@code [first, first + count)}, zeros where the tap lies outside the input. {@code at} is scratch of the
     * spatial rank.
     */
    static void patches(VolumeBatch x, int b, WindowGeometry g, int first, int count, int p0, int m, float[] patches,
                        int[] at) {
        int rank = at.length;
        int[] dims = x.dims();
        int[] kernel = g.kernel();
        int taps = g.taps();
        int width = taps * count;
        float[] src = x.data();
        int[] tap = new int[rank];
        for (int r = 0; r < m; r++) {
            VolumeBatch.coordinates(p0 + r, g.out(), at);
            int row = r * width;
            for (int t = 0; t < taps; t++) {
                VolumeBatch.coordinates(t, kernel, tap);
                int flat = 0;
                boolean inside = true;
                for (int i = 0; i < rank; i++) {
                    int v = at[i] * g.strides()[i] + tap[i] * g.dilation()[i] - g.padBefore()[i];
                    if (v < 0 || v >= dims[i]) {
                        inside = false;
                        break;
                    }
                    flat = flat * dims[i] + v;
                }
                int dst = row + t * count;
                if (inside) {
                    System.arraycopy(src, x.offset(b, flat) + first, patches, dst, count);
                } else {
                    java.util.Arrays.fill(patches, dst, dst + count, 0f);
                }
            }
        }
    }
}
