package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.Keras2jException;
import dev.keras2j.model.layer.CroppingSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

/** Cropping1D / Cropping2D: copies the kept part of each input row. */
final class CroppingLayer implements RuntimeLayer {
    private final CroppingSpec spec;
    private final SpatialBorders borders;

    CroppingLayer(CheckedLayer layer) {
        this.spec = (CroppingSpec) layer.spec();
        this.borders = SpatialBorders.of(spec.cropping(), spec.rank());
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        ImageBatch x = ImageBatch.of(input.values(), spec.rank(), spec.dataFormat());
        int top = borders.top();
        int bottom = borders.bottom();
        int left = borders.left();
        int right = borders.right();
        int h = x.h() - top - bottom;
        int w = x.w() - left - right;
        if (h <= 0 || w <= 0) {
            throw new Keras2jException(spec.describe() + ": cropping removes all of an input of spatial size "
                    + x.h() + "x" + x.w());
        }
        ImageBatch out = ImageBatch.zeros(x.n(), h, w, x.c());
        for (int b = 0; b < x.n(); b++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(x.data(), x.offset(b, y + top, left), out.data(), out.offset(b, y, 0), w * x.c());
            }
        }
        return MaskedArray.of(out.toArray(spec.rank(), spec.dataFormat()));
    }
}
