package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code Dot}: the batchwise dot product of two inputs over one axis of each ({@code axes}, an int for both
 * or a pair; negative counted from the end of each input's full shape, batch axis included). The output
 * holds the first input's remaining axes, then the second's; a lone batch axis gets a trailing 1. With
 * {@code normalize}, each input is first L2-normalized along its axis as
 * {@code x * min(1 / sqrt(sum(x^2)), cap)}: Keras 3's {@code ops.normalize} caps at 1 / 1e-7, Keras 1/2's
 * {@code l2_normalize} at {@code 1 / sqrt(1e-12)}. The output carries no mask. Keras 2's {@code batch_dot}
 * handled inputs of different ranks differently across versions, so those are refused for Keras 1/2 files.
 */
public final class DotSpec extends LayerSpec {

    private final int[] axes;
    private final boolean normalize;

    public DotSpec(LayerConfig config) {
        super(config);
        if (!config.has("axes")) {
            throw refuse("option 'axes' is missing");
        }
        int[] a = config.intList("axes");
        if (a.length == 1) {
            a = new int[] {a[0], a[0]};
        } else if (a.length != 2) {
            throw refuse("option 'axes' " + Arrays.toString(a) + " must be one axis or a pair");
        }
        this.axes = a;
        this.normalize = config.bool("normalize", false);
    }

    /** The axes as the file gives them, one per input (an int option is repeated). */
    public int[] axes() {
        return axes.clone();
    }

    /** Whether both inputs are L2-normalized along their axis first (cosine similarity). */
    public boolean normalize() {
        return normalize;
    }

    /** The largest inverse L2 norm {@code normalize} applies: 1e7 for Keras 3, 1e6 for Keras 1/2. */
    public double inverseNormCap() {
        return config().kerasMajorVersion() >= 3 ? 1e7 : 1e6;
    }

    /** The contracted axis of each input as a position in its full (batch-first) shape, never 0. */
    public int[] resolvedAxes(List<Shape> inputs) {
        int[] out = new int[2];
        for (int i = 0; i < 2; i++) {
            int fullRank = inputs.get(i).rank() + 1;
            int a = axes[i];
            if (a >= fullRank || a < -fullRank) {
                throw check("axis " + a + " is out of range for input " + i + " of rank " + fullRank
                        + " (batch axis included)");
            }
            // Keras's a % rank for negative axes
            out[i] = a < 0 ? a + fullRank : a;
            if (out[i] == 0) {
                throw refuse("axes " + Arrays.toString(axes) + " contract the batch axis");
            }
        }
        return out;
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        if (inputs.size() != 2) {
            throw check("takes exactly two inputs, got " + inputs.size());
        }
        int[] a = resolvedAxes(inputs);
        if (config().kerasMajorVersion() < 3 && inputs.get(0).rank() != inputs.get(1).rank()) {
            throw refuse("inputs of different ranks (" + inputs.get(0).toKerasString() + ", "
                    + inputs.get(1).toKerasString() + ") in a Keras " + config().kerasMajorVersion()
                    + " file: its batch_dot differs between versions");
        }
        int d1 = inputs.get(0).dim(a[0] - 1);
        int d2 = inputs.get(1).dim(a[1] - 1);
        if (d1 == Shape.UNKNOWN || d2 == Shape.UNKNOWN) {
            throw refuse("the contracted axes have unknown sizes (" + inputs.get(0).toKerasString() + ", "
                    + inputs.get(1).toKerasString() + ")");
        }
        if (d1 != d2) {
            throw check("contracted axes differ in size: " + d1 + " (axis " + a[0] + " of "
                    + inputs.get(0).toKerasString() + ") vs " + d2 + " (axis " + a[1] + " of "
                    + inputs.get(1).toKerasString() + ")");
        }
        List<Integer> dims = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int[] d = inputs.get(i).dims();
            for (int j = 0; j < d.length; j++) {
                if (j != a[i] - 1) {
                    dims.add(d[j]);
                }
            }
        }
        if (dims.isEmpty()) {
            dims.add(1);
        }
        return Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    protected Shape outputShape(Shape input) {
        throw check("takes exactly two inputs, got 1");
    }
}
