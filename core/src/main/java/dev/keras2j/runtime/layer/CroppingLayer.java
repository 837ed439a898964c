package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.Keras2jException;
import dev.keras2j.model.layer.CroppingSpec;

/** Cropping1D / Cropping2D: copies the kept part of each input row. */
final class CroppingLayer extends BorderLayer {
    CroppingLayer(CheckedLayer layer) {
        this((CroppingSpec) layer.spec());
    }

    private CroppingLayer(CroppingSpec spec) {
        super(spec, spec.cropping());
    }

    @Override
    ImageBatch apply(ImageBatch x) {
        int h = x.h() - borders.top() - borders.bottom();
        int w = x.w() - borders.left() - borders.right();
        if (h <= 0 || w <= 0) {
            throw new Keras2jException(spec().describe() + ": cropping removes all of an input of spatial size "
                    + x.h() + "x" + x.w());
        }
        ImageBatch out = ImageBatch.zeros(x.n(), h, w, x.c());
        copyBlock(x, borders.top(), borders.left(), out, 0, 0, h, w);
        return out;
    }
}
