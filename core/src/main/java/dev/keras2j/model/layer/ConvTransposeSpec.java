package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.Shape;
import dev.keras2j.model.WeightSlot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code Conv1DTranspose}, {@code Conv2DTranspose} and {@code Conv3DTranspose}: the gradient of a convolution with respect to
 * its input, as TensorFlow's {@code conv_transpose} computes it; each input element scatters
 * {@code x · kernel} into a window of the output. Kernel layout {@code [k..., filters, in]}, bias
 * {@code [filters]}.
 */
public final class ConvTransposeSpec extends BaseConvSpec {
    private final int filters;
    private final int[] outputPadding;

    /**
     * @param rank 1 for Conv1DTranspose, 2 for Conv2DTranspose, 3 for Conv3DTranspose
     */
    public ConvTransposeSpec(LayerConfig config, int rank) {
        super(config, rank, false);
        this.filters = config.requiredInt("filters");
        if (filters <= 0) {
            throw refuse("filters is " + filters);
        }
        if (config.integer("groups", 1) != 1) {
            throw refuse("option 'groups' is " + config.raw("groups") + ": transposed convolutions have no groups");
        }
        this.outputPadding = config.ints("output_padding", rank, null);
        if (outputPadding != null) {
            int[] s = strides();
            for (int i = 0; i < rank; i++) {
                if (outputPadding[i] < 0 || outputPadding[i] >= s[i]) {
                    throw refuse("output_padding " + Arrays.toString(outputPadding)
                            + " must be non-negative and smaller than strides " + Arrays.toString(s));
                }
            }
        }
    }

    /** {@code filters}: output channels. */
    public int filters() {
        return filters;
    }

    /** {@code output_padding} per spatial axis, or {@code null} when Keras derives it. */
    public int[] outputPadding() {
        return outputPadding == null ? null : outputPadding.clone();
    }

    /** {@code output_padding} on axis {@code i}, or {@link WindowArithmetic#NO_OUTPUT_PADDING}. */
    public int outputPadding(int i) {
        return outputPadding == null ? WindowArithmetic.NO_OUTPUT_PADDING : outputPadding[i];
    }

    @Override
    protected Shape outputShape(Shape input) {
        knownChannels(input);
        int[] in = spatialOf(input);
        int[] k = kernelSize();
        int[] s = strides();
        int[] d = dilationRate();
        int[] out = new int[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = WindowArithmetic.transposeOutputLength(in[i], k[i], s[i], d[i], padding(), outputPadding(i));
            if (in[i] != Shape.UNKNOWN && out[i] <= 0) {
                throw check("computes an empty output for input " + input.toKerasString());
            }
        }
        return dataFormat().shape(out, filters);
    }

    @Override
    protected List<WeightSlot> weightSlots(Shape input) {
        List<WeightSlot> slots = new ArrayList<>(2);
        slots.add(new WeightSlot("kernel", kernelShape(filters, knownChannels(input))));
        if (useBias()) {
            slots.add(new WeightSlot("bias", new int[] {filters}));
        }
        return slots;
    }
}
