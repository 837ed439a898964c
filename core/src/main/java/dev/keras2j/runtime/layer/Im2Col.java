package dev.keras2j.runtime.layer;

import dev.keras2j.runtime.kernel.ConvPatches;

/** The images a convolution reads its windows from: one example, zero-padded where windows reach past its edges. */
final class Im2Col {
    private Im2Col() {
    }

    /**
     * The patch matrix of example {@code b} over all its channels, its image zero-padded into {@code padded}
     * when the windows reach outside the input ({@code padded} holds at least {@link #paddedSize} values and is
     * overwritten), else read from the batch in place.
     */
    static ConvPatches patches(ImageBatch x, int b, ConvGeometry g, float[] padded) {
        int ph = paddedExtent(g.outH(), g.sh(), g.kh(), g.dh());
        int pw = paddedExtent(g.outW(), g.sw(), g.kw(), g.dw());
        int c = x.c();
        if (!needsPadding(x, g)) {
            return new ConvPatches(x.data(), x.offset(b, 0, 0), x.w(), c, 0, c,
                    g.kh(), g.kw(), g.sh(), g.sw(), g.dh(), g.dw(), g.outH(), g.outW());
        }
        java.util.Arrays.fill(padded, 0, ph * pw * c, 0f);
        float[] src = x.data();
        int x0 = Math.max(0, -g.padLeft());
        int x1 = Math.min(x.w(), pw - g.padLeft());
        for (int y = Math.max(0, -g.padTop()); y < Math.min(x.h(), ph - g.padTop()); y++) {
            if (x0 < x1) {
                System.arraycopy(src, x.offset(b, y, x0), padded, ((y + g.padTop()) * pw + x0 + g.padLeft()) * c,
                        (x1 - x0) * c);
            }
        }
        return new ConvPatches(padded, 0, pw, c, 0, c, g.kh(), g.kw(), g.sh(), g.sw(), g.dh(), g.dw(), g.outH(), g.outW());
    }

    /** Values of the padded image {@link #patches} builds for one example, 0 when it reads the batch in place. */
    static int paddedSize(ImageBatch x, ConvGeometry g) {
        if (!needsPadding(x, g)) {
            return 0;
        }
        return Math.multiplyExact(Math.multiplyExact(paddedExtent(g.outH(), g.sh(), g.kh(), g.dh()),
                paddedExtent(g.outW(), g.sw(), g.kw(), g.dw())), x.c());
    }

    /** Whether some window reaches past the input's edges (padding of zeros). */
    private static boolean needsPadding(ImageBatch x, ConvGeometry g) {
        return g.padTop() > 0 || g.padLeft() > 0
                || paddedExtent(g.outH(), g.sh(), g.kh(), g.dh()) > x.h()
                || paddedExtent(g.outW(), g.sw(), g.kw(), g.dw()) > x.w();
    }

    /** The input extent the windows of {@code out} outputs span, padding included. */
    private static int paddedExtent(int out, int stride, int kernel, int dilation) {
        return (out - 1) * stride + (kernel - 1) * dilation + 1;
    }

    /**
     * Example {@code b} as zero-padded channel planes {@code [c][outH + (kh-1)·dh][outW + (kw-1)·dw]}
     * (stride 1 only), the image a transposed convolution product reads; {@code padded} is overwritten.
     */
    static void padPlanes(ImageBatch x, int b, ConvGeometry g, float[] padded) {
        int count = x.c();
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
                int s = x.offset(b, y, xx);
                int d = py * pw + px;
                for (int ci = 0; ci < count; ci++) {
                    padded[ci * ph * pw + d] = src[s + ci];
                }
            }
        }
    }
}
