package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;

/**
 * {@code CenterCrop}: the central {@code (height, width)} window of each image; an image smaller than that
 * along either axis is instead resized as Keras's {@code smart_resize} does (center-cropped to the target's
 * aspect ratio, then bilinear).
 */
public final class CenterCropSpec extends LayerSpec {
    private final int height;
    private final int width;
    private final DataFormat dataFormat;

    public CenterCropSpec(LayerConfig config) {
        super(config);
        this.height = config.requiredInt("height");
        this.width = config.requiredInt("width");
        if (height <= 0 || width <= 0) {
            throw refuse("height " + height + " and width " + width + " must be positive");
        }
        this.dataFormat = DataFormat.parse(config);
    }

    /** Target height. */
    public int height() {
        return height;
    }

    /** Target width. */
    public int width() {
        return width;
    }

    /** Where the channel axis sits. */
    public DataFormat dataFormat() {
        return dataFormat;
    }

    @Override
    protected Shape outputShape(Shape input) {
        return ImageShapes.resized(this, input, height, width, dataFormat);
    }
}
