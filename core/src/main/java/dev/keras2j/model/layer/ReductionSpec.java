package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * Reductions over axes: {@code keras.ops.mean}, {@code sum}, {@code max}, {@code min}, and {@code argmax} /
 * {@code argmin} (the first index of the extreme value, as a number), with {@code axis} (an int or a list) and
 * {@code keepdims}. Reducing over the batch axis, or over every axis ({@code axis=None}), is refused: it would
 * mix the examples of a batch.
 */
public final class ReductionSpec extends LayerSpec {
    /** The reduction, by its Keras class name. */
    public enum Kind {
        MEAN("Mean"), SUM("Sum"), MAX("Max"), MIN("Min"), ARGMAX("Argmax"), ARGMIN("Argmin");

        private final String kerasName;

        Kind(String kerasName) {
            this.kerasName = kerasName;
        }

        public String kerasName() {
            return kerasName;
        }

    }

    private final Kind kind;
    private final int[] axisOption;
    private final boolean keepdims;

    public ReductionSpec(LayerConfig config) {
        super(config);
        this.kind = OperationSpecs.kind(config, Kind.values(), Kind::kerasName);
        this.axisOption = config.intList("axis");
        if (axisOption == null) {
            throw refuse("axis None reduces over the batch axis too, mixing the examples of a batch");
        }
        if (axisOption.length == 0) {
            throw refuse("an empty axis list is not supported");
        }
        if ((kind == Kind.ARGMAX || kind == Kind.ARGMIN) && axisOption.length != 1) {
            throw refuse(kind.kerasName + " takes one axis, not " + java.util.Arrays.toString(axisOption));
        }
        if (config.has("initial")) {
            throw refuse("option 'initial' is not supported");
        }
        this.keepdims = config.bool("keepdims", false);
    }

    public Kind kind() {
        return kind;
    }

    public boolean keepdims() {
        return keepdims;
    }

    /** The reduced axes of a full shape (batch axis 0) of {@code fullRank} axes, ascending. */
    public int[] axes(int fullRank) {
        return Axes.resolve(axisOption, fullRank, this, "axis");
    }

    @Override
    protected Shape outputShape(Shape input) {
        int[] resolved = axes(input.rank() + 1);
        if (resolved[0] == 0) {
            throw refuse("axis " + java.util.Arrays.toString(axisOption) + " reduces over the batch axis,"
                    + " mixing the examples of a batch");
        }
        List<Integer> out = new ArrayList<>();
        for (int a = 1; a <= input.rank(); a++) {
            boolean reduced = java.util.Arrays.binarySearch(resolved, a) >= 0;
            if (reduced && input.dim(a - 1) == Shape.UNKNOWN && kind == Kind.MEAN) {
                throw refuse("the mean over an axis of unknown size is not supported");
            }
            if (!reduced) {
                out.add(input.dim(a - 1));
            } else if (keepdims) {
                out.add(1);
            }
        }
        return Shape.of(out.stream().mapToInt(Integer::intValue).toArray());
    }
}
