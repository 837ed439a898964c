package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.Shape;
import dev.keras2j.model.WeightSlot;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code DepthwiseConv1D} and {@code DepthwiseConv2D}: each input channel {@code c} is convolved with
 * its own {@code depth_multiplier} kernels, giving output channels {@code c * depth_multiplier + m}.
 * Kernel layout {@code [k..., in, depth_multiplier]} (Keras 3 names the variable {@code kernel}, Keras 2
 * {@code depthwise_kernel}), bias {@code [in * depth_multiplier]}.
 */
public final class DepthwiseConvSpec extends BaseConvSpec {
    private final int depthMultiplier;

    /**
     * @param rank 1 for DepthwiseConv1D, 2 for DepthwiseConv2D
     */
    public DepthwiseConvSpec(LayerConfig config, int rank) {
        super(config, rank, false);
        this.depthMultiplier = config.integer("depth_multiplier", 1);
        if (depthMultiplier <= 0) {
            throw refuse("depth_multiplier is " + depthMultiplier);
        }
    }

    /** {@code depth_multiplier}: output channels per input channel. */
    public int depthMultiplier() {
        return depthMultiplier;
    }

    @Override
    protected Shape outputShape(Shape input) {
        int c = knownChannels(input);
        return dataFormat().shape(convolvedSpatial(input), Math.multiplyExact(c, depthMultiplier));
    }

    @Override
    protected List<WeightSlot> weightSlots(Shape input) {
        int c = knownChannels(input);
        List<WeightSlot> slots = new ArrayList<>(2);
        slots.add(new WeightSlot("depthwise_kernel", kernelShape(c, depthMultiplier)));
        if (useBias()) {
            slots.add(new WeightSlot("bias", new int[] {Math.multiplyExact(c, depthMultiplier)}));
        }
        return slots;
    }
}
