package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.WeightSlot;

import java.util.Arrays;
import java.util.List;

/**
 * {@code Normalization} (preprocessing): {@code (x - mean) / max(sqrt(variance), 1e-7)}, or with
 * {@code invert} {@code mean + x * max(sqrt(variance), 1e-7)}, in float32, with one mean and variance per
 * index of the kept {@code axis} (none: one scalar). The statistics are either the adapted weights
 * {@code mean}, {@code variance} (shaped like the kept axes) and the scalar {@code count}, or constants
 * written in the config, in which case the layer has no weights. The mask passes through.
 */
public final class NormalizationSpec extends LayerSpec {
    /** Keras's {@code backend.epsilon()}, cast to float32 by the max. */
    public static final float EPSILON = 1e-7f;

    private final int[] axes;
    private final NdArray mean;
    private final NdArray variance;
    private final boolean invert;

    public NormalizationSpec(LayerConfig config) {
        super(config);
        if (!config.options().containsKey("axis")) {
            this.axes = new int[] {-1};
        } else {
            int[] a = config.intList("axis");
            this.axes = a == null ? new int[0] : a;
        }
        this.invert = config.bool("invert", false);
        boolean hasMean = config.has("mean");
        if (hasMean != config.has("variance")) {
            throw refuse("option 'mean' and 'variance' must be given together");
        }
        this.mean = hasMean ? ConstantArrays.parse(config.raw("mean"), this, "mean") : null;
        this.variance = hasMean ? ConstantArrays.parse(config.raw("variance"), this, "variance") : null;
        if (hasMean) {
            if (!Arrays.equals(mean.shape(), variance.shape())) {
                throw refuse("option 'mean' " + mean.shapeString() + " and 'variance' " + variance.shapeString()
                        + " differ in shape");
            }
            if (mean.rank() > axes.length) {
                throw refuse("option 'mean' has rank " + mean.rank() + ", more than the " + axes.length
                        + " kept axes " + Arrays.toString(axes));
            }
        }
    }

    /** The kept axes as the file gives them (batch axis 0, negative from the end); empty for axis=None. */
    public int[] axes() {
        return axes.clone();
    }

    /** Whether the layer denormalizes: {@code mean + x * max(sqrt(variance), 1e-7)}. */
    public boolean invert() {
        return invert;
    }

    /** Whether mean and variance are constants from the config (then there are no weights). */
    public boolean hasConstantStatistics() {
        return mean != null;
    }

    /** The mean constant as written in the config (float32), or null when adapted weights hold it. */
    public NdArray constantMean() {
        return mean == null ? null : mean.copy();
    }

    /** The variance constant as written in the config (float32), or null when adapted weights hold it. */
    public NdArray constantVariance() {
        return variance == null ? null : variance.copy();
    }

    /** The kept axes as ascending positions in the full (batch-first) shape. */
    public int[] keptAxes(Shape input) {
        int[] kept = Axes.resolve(axes, input.rank() + 1, this, "axis");
        if (kept.length > 0 && kept[0] == 0) {
            throw refuse("axis " + Arrays.toString(axes) + " keeps the batch axis");
        }
        for (int a : kept) {
            if (input.dim(a - 1) == Shape.UNKNOWN) {
                throw check("kept axis " + a + " has an unknown size in " + input.toKerasString());
            }
        }
        return kept;
    }

    /** The shape of the mean and variance: the input's sizes on the kept axes, in axis order. */
    public int[] statisticsShape(Shape input) {
        int[] kept = keptAxes(input);
        int[] out = new int[kept.length];
        for (int i = 0; i < kept.length; i++) {
            out[i] = input.dim(kept[i] - 1);
        }
        return out;
    }

    /**
     * The config's mean (or variance) laid out like {@link #statisticsShape}: a number fills it; an array
     * has its trailing dimensions mapped onto the last kept axes and is then broadcast, as Keras's build does.
     */
    public float[] broadcastConstant(NdArray constant, Shape input, String option) {
        int[] target = statisticsShape(input);
        if (constant.rank() == 0) {
            float[] out = new float[Math.toIntExact(NdArray.elementCount(target))];
            Arrays.fill(out, constant.data()[0]);
            return out;
        }
        int[] expanded = new int[target.length];
        Arrays.fill(expanded, 1);
        int[] c = constant.shape();
        for (int i = 1; i <= c.length; i++) {
            expanded[target.length - i] = c[c.length - i];
        }
        return ConstantArrays.broadcast(constant.reshape(expanded), target, this, option);
    }

    @Override
    protected Shape outputShape(Shape input) {
        if (mean != null) {
            broadcastConstant(mean, input, "mean");
            broadcastConstant(variance, input, "variance");
        } else {
            keptAxes(input);
        }
        return input;
    }

    /** Adapted statistics: mean and variance shaped like the kept axes, then the scalar count. */
    @Override
    protected List<WeightSlot> weightSlots(Shape input) {
        if (mean != null) {
            return List.of();
        }
        int[] shape = statisticsShape(input);
        return List.of(new WeightSlot("mean", shape), new WeightSlot("variance", shape.clone()),
                new WeightSlot("count", new int[0]));
    }
}
