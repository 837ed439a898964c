package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;

import java.util.Arrays;

/** {@code Permute}: reorders the non-batch axes; {@code dims} is 1-based. The mask is dropped. */
public final class PermuteSpec extends LayerSpec {
    private final int[] dims;

    public PermuteSpec(LayerConfig config) {
        super(config);
        int[] d = config.intList("dims");
        if (d == null) {
            throw refuse("option 'dims' is missing");
        }
        int[] sorted = d.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] != i + 1) {
                throw refuse("dims " + Arrays.toString(d) + " is not a permutation of 1.." + d.length);
            }
        }
        this.dims = d;
    }

    /** Output axis {@code i + 1} is input axis {@code dims[i]} (1-based; the batch axis stays first). */
    public int[] dims() {
        return dims.clone();
    }

    @Override
    protected Shape outputShape(Shape input) {
        if (input.rank() != dims.length) {
            throw check("dims " + Arrays.toString(dims) + " needs an input of rank " + (dims.length + 1)
                    + " (batch included), got " + input.toKerasString());
        }
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = input.dim(dims[i] - 1);
        }
        return Shape.of(out);
    }
}
