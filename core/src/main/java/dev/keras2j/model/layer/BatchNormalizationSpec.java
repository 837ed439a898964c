package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;
import dev.keras2j.model.WeightSlot;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code BatchNormalization} at inference: along one feature axis,
 * {@code (x - moving_mean) / sqrt(moving_variance + epsilon) * gamma + beta}. Batch statistics, momentum
 * and batch renormalization act only in training; renorm's extra variables are still stored and listed.
 */
public final class BatchNormalizationSpec extends LayerSpec {
    private final int axis;
    private final double epsilon;
    private final boolean center;
    private final boolean scale;
    private final boolean renorm;

    public BatchNormalizationSpec(LayerConfig config) {
        super(config);
        int[] axes = config.intList("axis");
        if (axes == null) {
            this.axis = -1;
        } else if (axes.length == 1) {
            this.axis = axes[0];
        } else {
            throw refuse("axis lists several axes " + java.util.Arrays.toString(axes)
                    + "; only one feature axis is supported");
        }
        this.epsilon = config.number("epsilon", 1e-3);
        this.center = config.bool("center", true);
        this.scale = config.bool("scale", true);
        this.renorm = config.bool("renorm", false);
        if (config.has("mode") && config.integer("mode", 0) != 0) {
            throw refuse("option 'mode' is " + config.raw("mode")
                    + ": Keras 1's sample-wise/batch-statistics modes normalize with the batch's own statistics");
        }
        if (config.has("virtual_batch_size")) {
            throw refuse("option 'virtual_batch_size' is set: ghost batch normalization changes the weight layout");
        }
        if (epsilon < 0) {
            throw refuse("epsilon is " + epsilon);
        }
    }

    /** The feature axis as the file gives it (batch axis 0, negative from the end). */
    public int axis() {
        return axis;
    }

    /** The feature axis as a position in the full (batch-first) shape of an input with this example shape. */
    public int resolvedAxis(Shape input) {
        return Axes.resolve(new int[] {axis}, input.rank() + 1, this, "axis")[0];
    }

    /** Added to the variance before the square root. */
    public double epsilon() {
        return epsilon;
    }

    /** Whether {@code beta} is added (and stored). */
    public boolean center() {
        return center;
    }

    /** Whether {@code gamma} multiplies (and is stored). */
    public boolean scale() {
        return scale;
    }

    /** Whether the layer was trained with batch renormalization; it stores three more, unused, variables. */
    public boolean renorm() {
        return renorm;
    }

    private int features(Shape input) {
        int a = resolvedAxis(input);
        if (a == 0) {
            throw refuse("axis is the batch axis");
        }
        int n = input.dim(a - 1);
        if (n == Shape.UNKNOWN) {
            throw check("the feature axis " + axis + " of " + input.toKerasString() + " is unknown");
        }
        return n;
    }

    @Override
    protected Shape outputShape(Shape input) {
        features(input);
        return input;
    }

    @Override
    protected List<WeightSlot> weightSlots(Shape input) {
        int[] shape = {features(input)};
        List<WeightSlot> slots = new ArrayList<>(7);
        if (scale) {
            slots.add(new WeightSlot("gamma", shape));
        }
        if (center) {
            slots.add(new WeightSlot("beta", shape));
        }
        slots.add(new WeightSlot("moving_mean", shape));
        slots.add(new WeightSlot("moving_variance", shape));
        if (renorm) {
            slots.add(new WeightSlot("moving_stddev", shape));
            slots.add(new WeightSlot("renorm_mean", shape));
            slots.add(new WeightSlot("renorm_stddev", shape));
        }
        return slots;
    }
}
