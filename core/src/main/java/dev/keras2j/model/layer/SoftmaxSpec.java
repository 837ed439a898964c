package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;

/**
 * {@code Softmax}: normalizes {@code exp(x)} over one axis or, in Keras 3, over several axes at once. With
 * an incoming mask of the input's own shape, masked positions are set to {@code -1e9} before and to 0
 * after the softmax, as Keras 3 does.
 */
public final class SoftmaxSpec extends LayerSpec {
    private final int[] axes;

    public SoftmaxSpec(LayerConfig config) {
        super(config);
        if (config.options().containsKey("axis") && config.raw("axis") == null) {
            throw refuse("option 'axis' is None: a softmax over every axis, batch included, mixes examples");
        }
        this.axes = Axes.option(config);
    }

    /** The axes normalized over as the file gives them, counted with the batch axis as 0; negative from the end. */
    public int[] axes() {
        return axes.clone();
    }

    /** The axes as positions in the full (batch-first) shape of an input of the given example shape, ascending. */
    public int[] resolvedAxes(Shape input) {
        return Axes.resolve(axes, input.rank() + 1, this, "axis");
    }

    @Override
    protected Shape outputShape(Shape input) {
        int[] resolved = resolvedAxes(input);
        if (resolved[0] == 0) {
            throw refuse("a softmax over the batch axis mixes examples");
        }
        return input;
    }
}
