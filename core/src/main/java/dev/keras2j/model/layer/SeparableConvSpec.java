package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.Shape;
import dev.keras2j.model.WeightSlot;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code SeparableConv1D} and {@code SeparableConv2D}: a depthwise convolution (with the layer's
 * strides, padding and dilation) followed by a 1×1 pointwise convolution to {@code filters} channels.
 * Weights: {@code depthwise_kernel [k..., in, depth_multiplier]}, {@code pointwise_kernel
 * [1..., in * depth_multiplier, filters]}, {@code bias [filters]}.
 */
public final class SeparableConvSpec extends BaseConvSpec {
    private final int filters;
    private final int depthMultiplier;

    /**
     * @param rank 1 for SeparableConv1D, 2 for SeparableConv2D
     */
    public SeparableConvSpec(LayerConfig config, int rank) {
        super(config, rank, false);
        this.filters = config.requiredInt("filters");
        this.depthMultiplier = config.integer("depth_multiplier", 1);
        if (filters <= 0) {
            throw refuse("filters is " + filters);
        }
        if (depthMultiplier <= 0) {
            throw refuse("depth_multiplier is " + depthMultiplier);
        }
    }

    /** {@code filters}: output channels of the pointwise step. */
    public int filters() {
        return filters;
    }

    /** {@code depth_multiplier}: channels per input channel after the depthwise step. */
    public int depthMultiplier() {
        return depthMultiplier;
    }

    @Override
    protected Shape outputShape(Shape input) {
        knownChannels(input);
        return dataFormat().shape(convolvedSpatial(input), filters);
    }

    @Override
    protected List<WeightSlot> weightSlots(Shape input) {
        int c = knownChannels(input);
        int[] pointwise = new int[rank() + 2];
        java.util.Arrays.fill(pointwise, 1);
        pointwise[rank()] = Math.multiplyExact(c, depthMultiplier);
        pointwise[rank() + 1] = filters;
        List<WeightSlot> slots = new ArrayList<>(3);
        slots.add(new WeightSlot("depthwise_kernel", kernelShape(c, depthMultiplier)));
        slots.add(new WeightSlot("pointwise_kernel", pointwise));
        if (useBias()) {
            slots.add(new WeightSlot("bias", new int[] {filters}));
        }
        return slots;
    }
}
