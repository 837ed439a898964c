package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;

import java.util.Arrays;

/**
 * {@code Reshape}: each example takes {@code target_shape}, where one dimension may be {@code -1} (inferred
 * from the element count). Row-major order is kept; the mask is dropped.
 */
public final class ReshapeSpec extends LayerSpec {
    private final int[] targetShape;

    public ReshapeSpec(LayerConfig config) {
        super(config);
        int[] t = config.intList("target_shape");
        if (t == null) {
            throw refuse("option 'target_shape' is missing");
        }
        int unknown = 0;
        for (int d : t) {
            if (d == -1) {
                unknown++;
            } else if (d <= 0) {
                throw refuse("target_shape " + Arrays.toString(t) + " holds " + d);
            }
        }
        if (unknown > 1) {
            throw refuse("target_shape " + Arrays.toString(t) + " has more than one unknown (-1) dimension");
        }
        this.targetShape = t;
    }

    /** The target shape of one example; {@code -1} marks the dimension inferred from the element count. */
    public int[] targetShape() {
        return targetShape.clone();
    }

    @Override
    protected Shape outputShape(Shape input) {
        if (!input.isFullyKnown()) {
            return Shape.of(targetShape);
        }
        long size = input.elementCount();
        long known = 1;
        int unknownAt = -1;
        for (int i = 0; i < targetShape.length; i++) {
            if (targetShape[i] == -1) {
                unknownAt = i;
            } else {
                known = Math.multiplyExact(known, (long) targetShape[i]);
            }
        }
        if (unknownAt < 0) {
            if (known != size) {
                throw check("target_shape " + Arrays.toString(targetShape) + " holds " + known
                        + " elements but the input " + input.toKerasString() + " holds " + size);
            }
            return Shape.of(targetShape);
        }
        if (size % known != 0) {
            throw check("target_shape " + Arrays.toString(targetShape) + " does not divide the "
                    + size + " elements of input " + input.toKerasString());
        }
        return Shape.of(targetShape).with(unknownAt, (int) (size / known));
    }
}
