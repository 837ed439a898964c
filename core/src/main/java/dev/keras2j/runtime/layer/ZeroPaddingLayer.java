package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.layer.ZeroPaddingSpec;

/** ZeroPadding1D / ZeroPadding2D: copies each input row into a zero-filled, larger output. */
final class ZeroPaddingLayer extends BorderLayer {
    ZeroPaddingLayer(CheckedLayer layer) {
        this((ZeroPaddingSpec) layer.spec());
    }

    private ZeroPaddingLayer(ZeroPaddingSpec spec) {
        super(spec, spec.padding());
    }

    @Override
    ImageBatch apply(ImageBatch x) {
        ImageBatch out = ImageBatch.zeros(x.n(), x.h() + borders.top() + borders.bottom(),
                x.w() + borders.left() + borders.right(), x.c());
        copyBlock(x, 0, 0, out, borders.top(), borders.left(), x.h(), x.w());
        return out;
    }
}
