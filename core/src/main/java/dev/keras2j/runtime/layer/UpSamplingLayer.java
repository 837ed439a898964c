package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.layer.UpSamplingSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

/**
 * UpSampling1D / UpSampling2D: nearest repeats each row and column; bilinear is {@code tf.image.resize} with
 * half-pixel centers ({@link ImageResize#bilinear}).
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

    /** The same kernel as {@code Resizing(interpolation="bilinear")}: TensorFlow's UpSampling2D calls resize. */
    private ImageBatch bilinear(ImageBatch x) {
        return ImageResize.bilinear(x, x.h() * fh, x.w() * fw);
    }
}
