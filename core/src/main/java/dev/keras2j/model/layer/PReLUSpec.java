package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;
import dev.keras2j.model.WeightSlot;

import java.util.Arrays;
import java.util.List;

/**
 * {@code PReLU}: {@code x if x >= 0 else alpha * x} with a learned {@code alpha} shaped like one example,
 * except that every axis in {@code shared_axes} has size 1 (one alpha shared along it).
 */
public final class PReLUSpec extends LayerSpec {
    private final int[] sharedAxes;

    public PReLUSpec(LayerConfig config) {
        super(config);
        int[] shared = config.intList("shared_axes");
        this.sharedAxes = shared == null ? new int[0] : shared;
        for (int a : sharedAxes) {
            if (a < 1) {
                throw refuse("shared_axes " + Arrays.toString(sharedAxes)
                        + " holds a non-positive axis; only axes 1.. (after the batch axis) are supported");
            }
        }
    }

    /** Axes (1-based, batch axis 0) along which one alpha is shared; empty when none. */
    public int[] sharedAxes() {
        return sharedAxes.clone();
    }

    /** The shape of {@code alpha} for an input of this example shape. */
    public int[] alphaShape(Shape input) {
        int[] dims = input.dims();
        for (int a : sharedAxes) {
            if (a > dims.length) {
                throw check("shared_axes " + Arrays.toString(sharedAxes) + " is out of range for input "
                        + input.toKerasString());
            }
            dims[a - 1] = 1;
        }
        for (int d : dims) {
            if (d == Shape.UNKNOWN) {
                throw check("alpha needs every axis of " + input.toKerasString()
                        + " that is not in shared_axes to be known");
            }
        }
        return dims;
    }

    @Override
    protected Shape outputShape(Shape input) {
        alphaShape(input);
        return input;
    }

    @Override
    protected List<WeightSlot> weightSlots(Shape input) {
        return List.of(new WeightSlot("alpha", alphaShape(input)));
    }
}
