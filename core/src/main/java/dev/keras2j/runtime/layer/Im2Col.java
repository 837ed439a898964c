package dev.keras2j.runtime.layer;

/** Gathers the convolution windows of one example into the rows of a matrix. */
final class Im2Col {
    private Im2Col() {
    }

    /**
     * Fills {@code patches[outH * outW][kh * kw * count]} with the input channels
     * {@code [first, first + count)} under each window of example {@code b}, zeros where a window
     * reaches into the padding.
     */
    static void fill(ImageBatch x, int b, ConvGeometry g, int first, int count, float[] patches) {
        float[] src = x.data();
        int cols = g.kh() * g.kw() * count;
        int p = 0;
        for (int oy = 0; oy < g.outH(); oy++) {
            for (int ox = 0; ox < g.outW(); ox++) {
                for (int ky = 0; ky < g.kh(); ky++) {
                    int iy = oy * g.sh() + ky * g.dh() - g.padTop();
                    for (int kx = 0; kx < g.kw(); kx++) {
                        int ix = ox * g.sw() + kx * g.dw() - g.padLeft();
                        if (iy < 0 || iy >= x.h() || ix < 0 || ix >= x.w()) {
                            java.util.Arrays.fill(patches, p, p + count, 0f);
                        } else {
                            System.arraycopy(src, x.offset(b, iy, ix) + first, patches, p, count);
                        }
                        p += count;
                    }
                }
            }
        }
        assert p == g.outH() * g.outW() * cols;
    }
}
