package dev.keras2j.model.layer;

import dev.keras2j.model.ActivationSpec;
import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.WeightSlot;

import java.util.ArrayList;
import java.util.List;

/** {@code Dense}: {@code activation(x · kernel + bias)} over the last axis of an input of any rank. */
public final class DenseSpec extends LayerSpec {
    private final int units;
    private final boolean useBias;
    private final ActivationSpec activation;

    public DenseSpec(LayerConfig config) {
        super(config);
        this.units = config.requiredInt("units");
        this.useBias = config.bool("use_bias", true);
        this.activation = ActivationSpec.parse(config.raw("activation"), config.kerasMajorVersion(), config);
        if (units <= 0) {
            throw refuse("units is " + units);
        }
        if (config.has("lora_rank")) {
            throw refuse("option 'lora_rank' is set: LoRA weights are not supported");
        }
        if (config.has("quantization_config")) {
            throw refuse("option 'quantization_config' is set: quantized weights are not supported");
        }
    }

    public int units() {
        return units;
    }

    public boolean useBias() {
        return useBias;
    }

    public ActivationSpec activation() {
        return activation;
    }

    @Override
    protected Shape outputShape(Shape input) {
        if (input.rank() < 1) {
            throw check("needs an input with at least one axis, got " + input.toKerasString());
        }
        if (input.last() == Shape.UNKNOWN) {
            throw check("the input's last axis is unknown in " + input.toKerasString());
        }
        return input.with(-1, units);
    }

    @Override
    protected List<WeightSlot> weightSlots(Shape input) {
        List<WeightSlot> slots = new ArrayList<>(2);
        slots.add(new WeightSlot("kernel", new int[] {input.last(), units}));
        if (useBias) {
            slots.add(new WeightSlot("bias", new int[] {units}));
        }
        return slots;
    }

    @Override
    public String weightMismatch(WeightSlot slot, NdArray actual, List<Shape> inputs) {
        if (slot.name().equals("kernel") && actual.rank() == 2 && actual.dim(0) != inputs.get(0).last()) {
            return "kernel is " + actual.shapeString() + " but the input has " + inputs.get(0).last() + " features";
        }
        if (slot.name().equals("kernel") && actual.rank() == 2 && actual.dim(1) != units) {
            return "kernel is " + actual.shapeString() + " but the layer has " + units + " units";
        }
        return super.weightMismatch(slot, actual, inputs);
    }
}
