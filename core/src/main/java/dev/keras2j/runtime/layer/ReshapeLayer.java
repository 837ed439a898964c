package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.Keras2jException;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.ReshapeSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

import java.util.Arrays;

/** Reshape in row-major order, resolving the -1 dimension per batch; Keras drops the mask here. */
final class ReshapeLayer implements RuntimeLayer {
    private final ReshapeSpec spec;
    private final int[] target;

    ReshapeLayer(CheckedLayer layer) {
        this.spec = (ReshapeSpec) layer.spec();
        this.target = spec.targetShape();
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        NdArray x = input.values();
        int batch = x.dim(0);
        long example = batch == 0 ? 0 : x.size() / batch;
        int[] shape = new int[target.length + 1];
        shape[0] = batch;
        long known = 1;
        int unknownAt = -1;
        for (int i = 0; i < target.length; i++) {
            shape[i + 1] = target[i];
            if (target[i] == -1) {
                unknownAt = i + 1;
            } else {
                known *= target[i];
            }
        }
        if (unknownAt > 0) {
            if (known == 0 || example % known != 0) {
                throw mismatch(x);
            }
            shape[unknownAt] = (int) (example / known);
        } else if (known != example && batch != 0) {
            throw mismatch(x);
        }
        return MaskedArray.of(x.reshape(shape));
    }

    private Keras2jException mismatch(NdArray x) {
        return new Keras2jException(spec.describe() + ": cannot reshape " + x.shapeString() + " to target_shape "
                + Arrays.toString(target));
    }
}
