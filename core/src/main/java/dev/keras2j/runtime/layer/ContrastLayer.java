package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.layer.ContrastSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

/**
 * AutoContrast and CLAHE in Keras 3.15's float32 operations, one rounding per Keras operation in Keras's order
 * (no fused multiply-adds), so that histogram bins and lookups fall where Keras's do.
 */
final class ContrastLayer implements RuntimeLayer {
    private final ContrastSpec spec;

    ContrastLayer(CheckedLayer layer) {
        this.spec = (ContrastSpec) layer.spec();
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        ImageBatch x = ImageBatch.of(input.values(), 2, spec.dataFormat());
        ImageBatch out = spec.kind() == ContrastSpec.Kind.AUTO_CONTRAST ? autoContrast(x) : clahe(x);
        return MaskedArray.of(out.toArray(2, spec.dataFormat()));
    }

    /** Keras's {@code _transform_value_range} from value_range to (0, 255), or back. */
    private float toBytes(float v) {
        return spec.isByteRange() ? v : ((v - spec.low()) / (spec.high() - spec.low())) * 255f + 0f;
    }

    private float fromBytes(float v) {
        return spec.isByteRange() ? v : ((v - 0f) / (255f - 0f)) * (spec.high() - spec.low()) + spec.low();
    }

    /** {@code clip_by_value}: the minimum with the upper bound, then the maximum with the lower; NaN stays NaN. */
    private static float clip(float v, float lo, float hi) {
        return Math.max(Math.min(v, hi), lo);
    }

    private ImageBatch autoContrast(ImageBatch x) {
        float[] in = x.data();
        float[] out = new float[in.length];
        int hw = x.h() * x.w();
        int c = x.c();
        for (int b = 0; b < x.n(); b++) {
            int base = b * hw * c;
            for (int ch = 0; ch < c; ch++) {
                float low = Float.POSITIVE_INFINITY;
                float high = Float.NEGATIVE_INFINITY;
                for (int p = 0; p < hw; p++) {
                    float v = toBytes(in[base + p * c + ch]);
                    low = Math.min(low, v);
                    high = Math.max(high, v);
                }
                float scale = 255f / (high - low);
                float offset = -low * scale;
                for (int p = 0; p < hw; p++) {
                    int i = base + p * c + ch;
                    float r = fromBytes(clip(toBytes(in[i]) * scale + offset, 0f, 255f));
                    // A constant channel gives 0 * inf or inf - inf: Keras keeps the original values there.
                    out[i] = Float.isNaN(r) ? in[i] : r;
                }
            }
        }
        return new ImageBatch(out, x.n(), x.h(), x.w(), c);
    }

    private ImageBatch clahe(ImageBatch x) {
        int n = x.n();
        int h = x.h();
        int w = x.w();
        int c = x.c();
        int gh = spec.tileGrid()[0];
        int gw = spec.tileGrid()[1];
        int th = (h + gh - 1) / gh;
        int tw = (w + gw - 1) / gw;
        int hp = th * gh;
        int wp = tw * gw;
        float[] in = x.data();
        float[] out = new float[in.length];
        // The lookup tables of the tiles, the border tiles repeated once on each side: [gy + 1][gx + 1][c][256].
        float[] cdf = new float[(gh + 2) * (gw + 2) * c * 256];
        float[] padded = new float[hp * wp * c];
        float[] hist = new float[256];
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < hp; y++) {
                int sy = symmetric(y, h);
                for (int xx = 0; xx < wp; xx++) {
                    int sx = symmetric(xx, w);
                    for (int ch = 0; ch < c; ch++) {
                        padded[(y * wp + xx) * c + ch] = toBytes(in[((b * h + sy) * w + sx) * c + ch]);
                    }
                }
            }
            for (int ty = 0; ty < gh; ty++) {
                for (int tx = 0; tx < gw; tx++) {
                    for (int ch = 0; ch < c; ch++) {
                        java.util.Arrays.fill(hist, 0f);
                        for (int y = ty * th; y < (ty + 1) * th; y++) {
                            for (int xx = tx * tw; xx < (tx + 1) * tw; xx++) {
                                // cast to int32 (toward zero), then clip to 0..255
                                int bin = Math.max(0, Math.min(255, (int) padded[(y * wp + xx) * c + ch]));
                                hist[bin] += 1f;
                            }
                        }
                        lookupTable(hist, th * tw);
                        for (int gy : neighbours(ty, gh)) {
                            for (int gx : neighbours(tx, gw)) {
                                System.arraycopy(hist, 0, cdf, ((gy * (gw + 2) + gx) * c + ch) * 256, 256);
                            }
                        }
                    }
                }
            }
            for (int y = 0; y < h; y++) {
                float yg = ((float) y - (float) (th / 2.0)) / (float) th + 1f;
                float y0f = (float) Math.floor(yg);
                float wy = yg - y0f;
                int y0 = (int) clip(y0f, 0, gh + 1);
                int y1 = (int) clip(y0f + 1f, 0, gh + 1);
                for (int xx = 0; xx < w; xx++) {
                    float xg = ((float) xx - (float) (tw / 2.0)) / (float) tw + 1f;
                    float x0f = (float) Math.floor(xg);
                    float wx = xg - x0f;
                    int x0 = (int) clip(x0f, 0, gw + 1);
                    int x1 = (int) clip(x0f + 1f, 0, gw + 1);
                    for (int ch = 0; ch < c; ch++) {
                        int pixel = (int) clip(padded[(y * wp + xx) * c + ch], 0f, 255f);
                        float nw = cdf[((y0 * (gw + 2) + x0) * c + ch) * 256 + pixel];
                        float ne = cdf[((y0 * (gw + 2) + x1) * c + ch) * 256 + pixel];
                        float sw = cdf[((y1 * (gw + 2) + x0) * c + ch) * 256 + pixel];
                        float se = cdf[((y1 * (gw + 2) + x1) * c + ch) * 256 + pixel];
                        float top = nw * (1f - wx) + ne * wx;
                        float bottom = sw * (1f - wx) + se * wx;
                        out[((b * h + y) * w + xx) * c + ch] = fromBytes(top * (1f - wy) + bottom * wy);
                    }
                }
            }
        }
        return new ImageBatch(out, n, h, w, c);
    }

    /** The histogram's clipped, normalized cumulative sum, in place, as Keras computes it in float32. */
    private void lookupTable(float[] hist, int pixels) {
        if (spec.clipLimit() > 0) {
            float limit = (float) (spec.clipLimit() * pixels / 256.0);
            float excess = 0f;
            for (int i = 0; i < 256; i++) {
                float clipped = clip(hist[i], 0f, limit);
                excess += hist[i] - clipped;
                hist[i] = clipped;
            }
            float redistributed = excess / 256f;
            for (int i = 0; i < 256; i++) {
                hist[i] = hist[i] + redistributed;
            }
        }
        for (int i = 1; i < 256; i++) {
            hist[i] = hist[i - 1] + hist[i];
        }
        float min = hist[0];
        for (int i = 1; i < 256; i++) {
            min = Math.min(min, hist[i]);
        }
        float denominator = (float) pixels - min;
        if (denominator == 0f) {
            denominator = 1f;
        }
        for (int i = 0; i < 256; i++) {
            hist[i] = clip((hist[i] - min) * 255f / denominator, 0f, 255f);
        }
    }

    /** The rows (or columns) of the padded table grid that repeat tile {@code t} of {@code g}. */
    private static int[] neighbours(int t, int g) {
        if (g == 1) {
            return new int[] {0, 1, 2};
        }
        if (t == 0) {
            return new int[] {0, 1};
        }
        return t == g - 1 ? new int[] {g, g + 1} : new int[] {t + 1};
    }

    /** NumPy's symmetric padding: the image mirrored at its edges (edge values repeated), as often as needed. */
    private static int symmetric(int i, int size) {
        int period = 2 * size;
        int j = i % period;
        return j < size ? j : period - 1 - j;
    }
}
