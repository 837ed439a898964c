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

    /**
     * For stride 1 only: {@code patchesT[kh * kw * count][outH * outW]}, the transpose of {@link #fill}, built
     * from {@code padded} (channels {@code [first, first + count)} of example {@code b} as
     * {@code [count][outH + (kh-1)·dh][outW + (kw-1)·dw]} with the padding as zeros, see {@link #padPlanes}),
     * where every run of one output row is one contiguous copy.
     */
    static void fillTransposed(float[] padded, ConvGeometry g, int count, float[] patchesT) {
        int ph = g.outH() + (g.kh() - 1) * g.dh();
        int pw = g.outW() + (g.kw() - 1) * g.dw();
        int rows = g.outH() * g.outW();
        int row = 0;
        for (int ky = 0; ky < g.kh(); ky++) {
            for (int kx = 0; kx < g.kw(); kx++) {
                for (int ci = 0; ci < count; ci++, row++) {
                    int src = (ci * ph + ky * g.dh()) * pw + kx * g.dw();
                    int dst = row * rows;
                    for (int oy = 0; oy < g.outH(); oy++) {
                        System.arraycopy(padded, src + oy * pw, patchesT, dst + oy * g.outW(), g.outW());
                    }
                }
            }
        }
    }

    /** The channel planes {@link #fillTransposed} reads, zero outside the image; {@code padded} is overwritten. */
    static void padPlanes(ImageBatch x, int b, ConvGeometry g, int first, int count, float[] padded) {
        int ph = g.outH() + (g.kh() - 1) * g.dh();
        int pw = g.outW() + (g.kw() - 1) * g.dw();
        java.util.Arrays.fill(padded, 0, count * ph * pw, 0f);
        float[] src = x.data();
        for (int y = 0; y < x.h(); y++) {
            int py = y + g.padTop();
            if (py < 0 || py >= ph) {
                continue;
            }
            for (int xx = 0; xx < x.w(); xx++) {
                int px = xx + g.padLeft();
                if (px < 0 || px >= pw) {
                    continue;
                }
                int s = x.offset(b, y, xx) + first;
                int d = py * pw + px;
                for (int ci = 0; ci < count; ci++) {
                    padded[ci * ph * pw + d] = src[s + ci];
                }
            }
        }
    }
}
