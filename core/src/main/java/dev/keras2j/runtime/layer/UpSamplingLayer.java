package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.layer.UpSamplingSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

/**
 * UpSampling1D / UpSampling2D. Bilinear follows TensorFlow's {@code ResizeBilinear} kernel with
 * half-pixel centers step by step in float: source coordinate {@code (y + 0.5) * (in / out) - 0.5},
 * neighbours clamped to the image, and {@code top + (bottom - top) * yLerp} over horizontal lerps.
 */
final class UpSamplingLayer implements RuntimeLayer {
    private final UpSamplingSpec spec;
    private final int fh;
    private final int fw;

    UpSamplingLayer(CheckedLayer layer) {
        this.spec = (UpSamplingSpec) layer.spec();
        int[] s = spec.size();
        this.fh = spec.rank() == 1 ? 1 : s[0];
        this.fw = s[spec.rank() - 1];
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        ImageBatch x = ImageBatch.of(input.values(), spec.rank(), spec.dataFormat());
        ImageBatch out = spec.interpolation() == UpSamplingSpec.Interpolation.NEAREST ? nearest(x) : bilinear(x);
        return MaskedArray.of(out.toArray(spec.rank(), spec.dataFormat()));
    }

    private ImageBatch nearest(ImageBatch x) {
        ImageBatch out = ImageBatch.zeros(x.n(), x.h() * fh, x.w() * fw, x.c());
        for (int b = 0; b < x.n(); b++) {
            for (int oy = 0; oy < out.h(); oy++) {
                for (int ox = 0; ox < out.w(); ox++) {
                    System.arraycopy(x.data(), x.offset(b, oy / fh, ox / fw), out.data(), out.offset(b, oy, ox), x.c());
                }
            }
        }
        return out;
    }

    private ImageBatch bilinear(ImageBatch x) {
        int outH = x.h() * fh;
        int outW = x.w() * fw;
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
