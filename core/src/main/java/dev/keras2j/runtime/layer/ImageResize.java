package dev.keras2j.runtime.layer;

import dev.keras2j.model.layer.ResizeGeometry;

/**
 * Keras's {@code ops.image.resize} on the TensorFlow backend, step by step in float: the optional crop or
 * padding to the target's aspect ratio (sizes computed in float32 and truncated, as there), then
 * {@code tf.image.resize} with half-pixel centers, nearest or bilinear, no antialiasing.
 */
final class ImageResize {
    private ImageResize() {
    }

    /**
     * The central window of each image with the target's aspect ratio ({@code crop_to_aspect_ratio},
     * {@code smart_resize}).
     */
    static ImageBatch cropToAspectRatio(ImageBatch x, int targetH, int targetW) {
        int[] c = ResizeGeometry.crop(x.h(), x.w(), targetH, targetW);
        return window(x, c[0], c[1], c[2], c[3]);
    }

    /**
     * Each image padded with {@code fill} to the target's aspect ratio ({@code pad_to_aspect_ratio}): TensorFlow's
     * backend adds the same number of rows (or columns) above and below, half the missing ones rounded down.
     */
    static ImageBatch padToAspectRatio(ImageBatch x, int targetH, int targetW, float fill) {
        int[] p = ResizeGeometry.pad(x.h(), x.w(), targetH, targetW);
        int top = p[0];
        int left = p[1];
        if (top == 0 && left == 0) {
            return x;
        }
        int h = x.h() + 2 * top;
        int w = x.w() + 2 * left;
        ImageBatch out = ImageBatch.zeros(x.n(), h, w, x.c());
        java.util.Arrays.fill(out.data(), fill);
        for (int b = 0; b < x.n(); b++) {
            for (int y = 0; y < x.h(); y++) {
                System.arraycopy(x.data(), x.offset(b, y, 0), out.data(), out.offset(b, y + top, left), x.w() * x.c());
            }
        }
        return out;
    }

    /** Rows {@code [top, top + h)} and columns {@code [left, left + w)} of each image. */
    static ImageBatch window(ImageBatch x, int top, int left, int h, int w) {
        if (top == 0 && left == 0 && h == x.h() && w == x.w()) {
            return x;
        }
        ImageBatch out = ImageBatch.zeros(x.n(), h, w, x.c());
        for (int b = 0; b < x.n(); b++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(x.data(), x.offset(b, top + y, left), out.data(), out.offset(b, y, 0), w * x.c());
            }
        }
        return out;
    }

    /** {@code tf.image.resize(method='nearest')}: input {@code min(floor((i + 0.5) * in / out), in - 1)}. */
    static ImageBatch nearest(ImageBatch x, int outH, int outW) {
        int[] ys = ResizeGeometry.nearestIndices(x.h(), outH);
        int[] xs = ResizeGeometry.nearestIndices(x.w(), outW);
        ImageBatch out = ImageBatch.zeros(x.n(), outH, outW, x.c());
        for (int b = 0; b < x.n(); b++) {
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    System.arraycopy(x.data(), x.offset(b, ys[oy], xs[ox]), out.data(), out.offset(b, oy, ox), x.c());
                }
            }
        }
        return out;
    }

    /** {@code tf.image.resize(method='bilinear')}: {@code top + (bottom - top) * yLerp} over horizontal lerps. */
    static ImageBatch bilinear(ImageBatch x, int outH, int outW) {
        Lerp ys = Lerp.of(x.h(), outH);
        Lerp xs = Lerp.of(x.w(), outW);
        ImageBatch out = ImageBatch.zeros(x.n(), outH, outW, x.c());
        float[] src = x.data();
        float[] o = out.data();
        int c = x.c();
        for (int b = 0; b < x.n(); b++) {
            for (int oy = 0; oy < outH; oy++) {
                float yl = ys.lerp()[oy];
                for (int ox = 0; ox < outW; ox++) {
                    float xl = xs.lerp()[ox];
                    int tl = x.offset(b, ys.lower()[oy], xs.lower()[ox]);
                    int tr = x.offset(b, ys.lower()[oy], xs.upper()[ox]);
                    int bl = x.offset(b, ys.upper()[oy], xs.lower()[ox]);
                    int br = x.offset(b, ys.upper()[oy], xs.upper()[ox]);
                    int dst = out.offset(b, oy, ox);
                    for (int ch = 0; ch < c; ch++) {
                        float top = src[tl + ch] + (src[tr + ch] - src[tl + ch]) * xl;
                        float bottom = src[bl + ch] + (src[br + ch] - src[bl + ch]) * xl;
                        o[dst + ch] = top + (bottom - top) * yl;
                    }
                }
            }
        }
        return out;
    }
}
