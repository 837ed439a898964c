package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;

/**
 * {@code Masking}: a timestep (a position of every axis but the last) is masked when all its features
 * equal {@code mask_value}; masked timesteps are set to zero and the mask goes to the following layers.
 */
public final class MaskingSpec extends LayerSpec {
    private final double maskValue;

    public MaskingSpec(LayerConfig config) {
        super(config);
        Object v = config.raw("mask_value");
        if (v != null && !(v instanceof Number)) {
            throw refuse("option 'mask_value' is " + v + ", expected a number");
        }
        this.maskValue = config.number("mask_value", 0.0);
    }

    /** The feature value that, on every feature of a timestep, masks it. */
    public double maskValue() {
        return maskValue;
    }

    @Override
    protected Shape outputShape(Shape input) {
        if (input.rank() < 1) {
            throw check("needs an input with a feature axis, got " + input.toKerasString());
        }
        return input;
    }
}
