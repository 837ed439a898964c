package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;

import java.util.Arrays;
import java.util.List;

/**
 * {@code keras.ops.matmul(a, b)} of two tensors of the same rank (at least 3 with the batch axis): a batch of
 * matrix products over the last two axes, the leading axes equal. Broadcasting between different leading
 * axes is refused.
 */
public final class MatmulSpec extends LayerSpec {
    public MatmulSpec(LayerConfig config) {
        super(config);
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        if (inputs.size() != 2) {
            throw check("takes two tensors, got " + inputs.size());
        }
        int[] a = inputs.get(0).dims();
        int[] b = inputs.get(1).dims();
        if (a.length < 2 || b.length != a.length) {
            throw refuse("matmul of " + inputs.get(0).toKerasString() + " and " + inputs.get(1).toKerasString()
                    + " is not supported: both need the same rank, with two axes besides the batch");
        }
        int n = a.length;
        if (!Arrays.equals(a, 0, n - 2, b, 0, n - 2) || a[n - 1] != b[n - 2] || a[n - 1] == Shape.UNKNOWN) {
            throw check("cannot multiply " + inputs.get(0).toKerasString() + " by " + inputs.get(1).toKerasString()
                    + " (the leading axes must be equal and the inner ones match)");
        }
        int[] out = a.clone();
        out[n - 1] = b[n - 1];
        return Shape.of(out);
    }

    @Override
    protected Shape outputShape(Shape input) {
        throw check("takes two tensors, got 1");
    }
}
