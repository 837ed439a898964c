package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.layer.CenterCropSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

/**
 * CenterCrop: the central window, offsets {@code (in - target) // 2}; when the image is smaller than the target
 * along an axis, Keras's {@code smart_resize} instead (crop to the aspect ratio, then bilinear).
 */
final class CenterCropLayer implements RuntimeLayer {
    private final CenterCropSpec spec;

    CenterCropLayer(CheckedLayer layer) {
        this.spec = (CenterCropSpec) layer.spec();
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        ImageBatch x = ImageBatch.of(input.values(), 2, spec.dataFormat());
        int h = spec.height();
        int w = spec.width();
        ImageBatch out;
        if (x.h() >= h && x.w() >= w) {
            out = ImageResize.window(x, (x.h() - h) / 2, (x.w() - w) / 2, h, w);
        } else {
            out = ImageResize.bilinear(ImageResize.cropToAspectRatio(x, h, w), h, w);
        }
        return MaskedArray.of(out.toArray(2, spec.dataFormat()));
    }
}
