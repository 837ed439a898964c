package dev.keras2j.model.layer;

import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.ModelCheckException;
import dev.keras2j.model.Shape;

/** The shapes of the image preprocessing layers, which take {@code (height, width, channels)} images. */
final class ImageShapes {
    private ImageShapes() {
    }

    /** The input image with its height and width replaced; the input must be a batch of images. */
    static Shape resized(LayerSpec layer, Shape input, int height, int width, DataFormat format) {
        if (input.rank() != 3) {
            throw new ModelCheckException(layer.describe() + ": expects images of rank 4 (batch, height, width,"
                    + " channels) but receives " + input.toKerasString());
        }
        int h = input.dim(format.spatialAxis(0));
        int w = input.dim(format.spatialAxis(1));
        if (h == 0 || w == 0) {
            throw new ModelCheckException(layer.describe() + ": receives empty images " + input.toKerasString());
        }
        if (h != Shape.UNKNOWN && w != Shape.UNKNOWN) {
            // The aspect-ratio windows' sizes, so that a size TensorFlow's int32 product would overflow is a
            // check error here (ArithmeticException), not a failure while running.
            ResizeGeometry.crop(h, w, height, width);
            ResizeGeometry.pad(h, w, height, width);
        }
        return input.with(format.spatialAxis(0), height).with(format.spatialAxis(1), width);
    }
}
