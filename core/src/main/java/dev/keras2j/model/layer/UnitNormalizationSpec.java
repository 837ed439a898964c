package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;

import java.util.Arrays;

/**
 * {@code UnitNormalization}: {@code x * min(1 / sqrt(sum(x^2)), 1e12)} over {@code axis} (one axis or
 * several), i.e. L2 normalization with Keras's epsilon of 1e-12 on the norm.
 */
public final class UnitNormalizationSpec extends LayerSpec {
    private final int[] axes;

    public UnitNormalizationSpec(LayerConfig config) {
        super(config);
        this.axes = Axes.option(config);
    }

    /** The normalized axes as the file gives them (batch axis 0, negative from the end). */
    public int[] axes() {
        return axes.clone();
    }

    /** The normalized axes as ascending positions in the full (batch-first) shape. */
    public int[] resolvedAxes(Shape input) {
        return Axes.resolve(axes, input.rank() + 1, this, "axis");
    }

    @Override
    protected Shape outputShape(Shape input) {
        if (resolvedAxes(input)[0] == 0) {
            throw refuse("axis " + Arrays.toString(axes) + " includes the batch axis");
        }
        return input;
    }
}
