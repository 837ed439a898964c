package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;
import dev.keras2j.model.WeightSlot;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GroupNormalization}: the channels of {@code axis} are split into {@code groups} consecutive groups;
 * each example's group is normalized with the mean and variance over its channels and every other
 * non-batch axis, then scaled by {@code gamma} and shifted by {@code beta} (one per channel). {@code groups=-1}
 * is one group per channel (instance normalization). The mask passes through.
 */
public final class GroupNormalizationSpec extends LayerSpec {
    private final int groups;
    private final int axis;
    private final double epsilon;
    private final boolean center;
    private final boolean scale;

    public GroupNormalizationSpec(LayerConfig config) {
        super(config);
        this.groups = config.integer("groups", 32);
        if (groups <= 0 && groups != -1) {
            throw refuse("option 'groups' is " + groups + ", expected a positive integer or -1");
        }
        if (config.raw("axis") instanceof List<?>) {
            throw refuse("option 'axis' is a list: Keras's GroupNormalization groups along one axis");
        }
        this.axis = config.integer("axis", -1);
        this.epsilon = config.number("epsilon", 1e-3);
        this.center = config.bool("center", true);
        this.scale = config.bool("scale", true);
    }

    /** The channel axis as a position of the full (batch-first) shape. */
    public int resolvedAxis(Shape input) {
        int full = input.rank() + 1;
        int a = axis < 0 ? axis + full : axis;
        if (a <= 0 || a >= full) {
            throw check("axis " + axis + " is not a non-batch axis of input " + input.toKerasString());
        }
        return a;
    }

    /** The number of groups for this input ({@code groups=-1}: one per channel). */
    public int groups(Shape input) {
        int channels = channels(input);
        int g = groups == -1 ? channels : groups;
        if (channels < g || channels % g != 0) {
            throw check("groups=" + g + " must divide the " + channels + " channels of axis " + axis);
        }
        return g;
    }

    private int channels(Shape input) {
        int c = input.dim(resolvedAxis(input) - 1);
        if (c == Shape.UNKNOWN) {
            throw check("axis " + axis + " of " + input.toKerasString() + " is unknown");
        }
        return c;
    }

    /** Added to the variance before the square root. */
    public double epsilon() {
        return epsilon;
    }

    /** Whether {@code beta} is added. */
    public boolean center() {
        return center;
    }

    /** Whether {@code gamma} multiplies. */
    public boolean scale() {
        return scale;
    }

    @Override
    protected Shape outputShape(Shape input) {
        groups(input);
        return input;
    }

    @Override
    protected List<WeightSlot> weightSlots(Shape input) {
        int c = channels(input);
        List<WeightSlot> slots = new ArrayList<>(2);
        if (scale) {
            slots.add(new WeightSlot("gamma", new int[] {c}));
        }
        if (center) {
            slots.add(new WeightSlot("beta", new int[] {c}));
        }
        return slots;
    }
}
