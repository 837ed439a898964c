package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;

/**
 * {@code Flatten}: each example becomes one vector. With {@code data_format="channels_first"} Keras first
 * moves the channel axis (axis 1) to the end, so the vector is in channels-last order; the mask is dropped.
 */
public final class FlattenSpec extends LayerSpec {
    private final boolean channelsFirst;

    public FlattenSpec(LayerConfig config) {
        super(config);
        String format = config.string("data_format", "channels_last");
        if (!format.equals("channels_last") && !format.equals("channels_first")) {
            throw refuse("data_format is '" + format + "'");
        }
        this.channelsFirst = format.equals("channels_first");
    }

    /** Whether the channel axis (axis 1) is moved last before flattening. */
    public boolean channelsFirst() {
        return channelsFirst;
    }

    @Override
    protected Shape outputShape(Shape input) {
        if (input.rank() == 0) {
            return Shape.of(1);
        }
        return Shape.of(input.isFullyKnown() ? input.elementCount() : Shape.UNKNOWN);
    }
}
