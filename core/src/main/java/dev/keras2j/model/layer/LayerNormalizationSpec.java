package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;
import dev.keras2j.model.WeightSlot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code LayerNormalization}: each example is normalized with the mean and variance over {@code axis}
 * (one axis or several), then scaled by {@code gamma} and shifted by {@code beta}, both shaped like the
 * normalized axes. With Keras 3's deprecated {@code rms_scaling} it computes
 * {@code x / sqrt(variance + epsilon) * gamma} (no mean subtraction, no beta).
 */
public final class LayerNormalizationSpec extends LayerSpec {
    private final int[] axes;
    private final double epsilon;
    private final boolean center;
    private final boolean scale;
    private final boolean rmsScaling;

    public LayerNormalizationSpec(LayerConfig config) {
        super(config);
        this.axes = Axes.option(config);
        this.epsilon = config.number("epsilon", 1e-3);
        this.center = config.bool("center", true);
        this.scale = config.bool("scale", true);
        this.rmsScaling = config.bool("rms_scaling", false);
    }

    /** The normalized axes as the file gives them (batch axis 0, negative from the end). */
    public int[] axes() {
        return axes.clone();
    }

    /** The normalized axes as ascending positions in the full (batch-first) shape. */
    public int[] resolvedAxes(Shape input) {
        return Axes.resolve(axes, input.rank() + 1, this, "axis");
    }

    /** Added to the variance before the square root. */
    public double epsilon() {
        return epsilon;
    }

    /** Whether {@code beta} is added (never with rms_scaling). */
    public boolean center() {
        return center && !rmsScaling;
    }

    /** Whether {@code gamma} multiplies (always with rms_scaling). */
    public boolean scale() {
        return scale || rmsScaling;
    }

    /** Keras 3's deprecated variant: divide by {@code sqrt(variance + epsilon)} without subtracting the mean. */
    public boolean rmsScaling() {
        return rmsScaling;
    }

    /**
     * The shape of gamma and beta. Keras 3 sorts the axis list as given (so {@code [-1, 1]} stays in that
     * order) and takes the input's dimensions in that order, then reshapes the weights row-major onto the
     * axes' positions; the runtime reads them in that row-major order. Keras 1/2 keep the list's own
     * order; keras2j accepts those only when it is the positional order.
     */
    public int[] weightShape(Shape input) {
        int[] positions = resolvedAxes(input);
        if (positions[0] == 0) {
            throw refuse("axis " + Arrays.toString(axes) + " includes the batch axis");
        }
        int[] order = axes.clone();
        if (config().kerasMajorVersion() >= 3) {
            Arrays.sort(order);
        }
        int fullRank = input.rank() + 1;
        int[] shape = new int[order.length];
        boolean positional = true;
        for (int i = 0; i < order.length; i++) {
            int p = order[i] < 0 ? order[i] + fullRank : order[i];
            positional &= p == positions[i];
            shape[i] = input.dim(p - 1);
            if (shape[i] == Shape.UNKNOWN) {
                throw check("normalized axis " + p + " of " + input.toKerasString() + " is unknown");
            }
        }
        if (!positional && config().kerasMajorVersion() < 3) {
            throw refuse("axis " + Arrays.toString(axes) + " is not in ascending axis order; how Keras "
                    + config().kerasMajorVersion() + " lays out gamma and beta for it is not known to keras2j");
        }
        return shape;
    }

    @Override
    protected Shape outputShape(Shape input) {
        weightShape(input);
        return input;
    }

    @Override
    protected List<WeightSlot> weightSlots(Shape input) {
        int[] shape = weightShape(input);
        List<WeightSlot> slots = new ArrayList<>(2);
        if (scale()) {
            slots.add(new WeightSlot("gamma", shape));
        }
        if (center()) {
            slots.add(new WeightSlot("beta", shape));
        }
        return slots;
    }
}
