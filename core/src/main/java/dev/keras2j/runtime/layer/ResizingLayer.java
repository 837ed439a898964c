package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.layer.ResizingSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

/** Resizing: optional crop or padding to the aspect ratio, then nearest or bilinear resampling ({@link ImageResize}). */
final class ResizingLayer implements RuntimeLayer {
    private final ResizingSpec spec;

    ResizingLayer(CheckedLayer layer) {
        this.spec = (ResizingSpec) layer.spec();
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        ImageBatch x = ImageBatch.of(input.values(), 2, spec.dataFormat());
        int h = spec.height();
        int w = spec.width();
        if (spec.cropToAspectRatio()) {
            x = ImageResize.cropToAspectRatio(x, h, w);
        } else if (spec.padToAspectRatio()) {
            x = ImageResize.padToAspectRatio(x, h, w, spec.fillValue());
        }
        ImageBatch out = spec.interpolation() == ResizingSpec.Interpolation.NEAREST ? ImageResize.nearest(x, h, w)
                : ImageResize.bilinear(x, h, w);
        return MaskedArray.of(out.toArray(2, spec.dataFormat()));
    }
}
