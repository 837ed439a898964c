package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.layer.ZeroPaddingSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

/** ZeroPadding1D / ZeroPadding2D: copies each input row into a zero-filled, larger output. */
final class ZeroPaddingLayer implements RuntimeLayer {
    private final ZeroPaddingSpec spec;
    private final SpatialBorders borders;

    ZeroPaddingLayer(CheckedLayer layer) {
        this.spec = (ZeroPaddingSpec) layer.spec();
        this.borders = SpatialBorders.of(spec.padding(), spec.rank());
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        ImageBatch x = ImageBatch.of(input.values(), spec.rank(), spec.dataFormat());
        int top = borders.top();
        int bottom = borders.bottom();
        int left = borders.left();
        int right = borders.right();
        ImageBatch out = ImageBatch.zeros(x.n(), x.h() + top + bottom, x.w() + left + right, x.c());
        int rowLength = x.w() * x.c();
        for (int b = 0; b < x.n(); b++) {
            for (int y = 0; y < x.h(); y++) {
                System.arraycopy(x.data(), x.offset(b, y, 0), out.data(), out.offset(b, y + top, left), rowLength);
            }
        }
        // Keras drops the mask (ZeroPadding does not support masking).
        return MaskedArray.of(out.toArray(spec.rank(), spec.dataFormat()));
    }
}
