package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.Shape;
import dev.keras2j.model.WeightSlot;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code Conv1D}, {@code Conv2D} and {@code Conv3D}: cross-correlation of the input with {@code filters} kernels, in
 * {@code groups} independent channel groups. Kernel layout {@code [k..., in / groups, filters]}, bias
 * {@code [filters]}.
 */
public final class ConvSpec extends BaseConvSpec {
    private final int filters;
    private final int groups;

    /**
     * @param rank 1 for Conv1D, 2 for Conv2D, 3 for Conv3D
     */
    public ConvSpec(LayerConfig config, int rank) {
        super(config, rank, rank == 1);
        this.filters = config.requiredInt("filters");
        this.groups = config.integer("groups", 1);
        if (filters <= 0) {
            throw refuse("filters is " + filters);
        }
        if (groups <= 0 || filters % groups != 0) {
            throw refuse("groups is " + groups + ", which must be positive and divide filters (" + filters + ")");
        }
    }

    /** {@code filters}: output channels. */
    public int filters() {
        return filters;
    }

    /**
     * {@code groups}: input and output channels are split into this many groups, output group {@code g}
     * seeing only input group {@code g}.
     */
    public int groups() {
        return groups;
    }

    @Override
    protected Shape outputShape(Shape input) {
        int c = knownChannels(input);
        if (c % groups != 0) {
            throw check("the input's " + c + " channels are not divisible by groups=" + groups);
        }
        return dataFormat().shape(convolvedSpatial(input), filters);
    }

    @Override
    protected List<WeightSlot> weightSlots(Shape input) {
        List<WeightSlot> slots = new ArrayList<>(2);
        slots.add(new WeightSlot("kernel", kernelShape(knownChannels(input) / groups, filters)));
        if (useBias()) {
            slots.add(new WeightSlot("bias", new int[] {filters}));
        }
        return slots;
    }
}
