package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.model.layer.SoftmaxSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;
import dev.keras2j.runtime.kernel.ReductionGroups;

/**
 * Softmax over one or several axes. A mask is applied the way Keras 3 broadcasts it, which is only
 * meaningful when it covers every element, i.e. for a {@code (batch, time)} input.
 */
final class SoftmaxLayer implements RuntimeLayer {
    /** Keras's {@code _large_negative_number} for float32: what masked logits are replaced by. */
    private static final float MASKED_LOGIT = -1e9f;

    private final SoftmaxSpec spec;
    private final int[] axes;

    SoftmaxLayer(CheckedLayer layer) {
        this.spec = (SoftmaxSpec) layer.spec();
        this.axes = spec.resolvedAxes(layer.inputShape());
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        NdArray x = input.values();
        int[] shape = x.shape();
        boolean[] mask = input.mask();
        if (mask != null && mask.length != x.size()) {
            throw new UnsupportedModelException(spec.describe() + ": a (batch, time) mask on an input of shape "
                    + x.shapeString() + " does not broadcast as Keras requires; only (batch, time) inputs take a mask");
        }
        ReductionGroups groups = ReductionGroups.over(shape, axes);
        float[] in = x.data();
        float[] out = new float[in.length];
        int n = groups.groupSize();
        double[] e = new double[n];
        for (int g = 0; g < groups.groups(); g++) {
            int base = groups.base(g);
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                int i = base + groups.offset(j);
                max = Math.max(max, mask != null && !mask[i] ? MASKED_LOGIT : in[i]);
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                int i = base + groups.offset(j);
                e[j] = Math.exp((mask != null && !mask[i] ? MASKED_LOGIT : in[i]) - max);
                sum += e[j];
            }
            for (int j = 0; j < n; j++) {
                int i = base + groups.offset(j);
                // Keras zeroes masked positions afterwards, so a fully masked row is all zeros.
                out[i] = mask != null && !mask[i] ? 0f : (float) (e[j] / sum);
            }
        }
        return input.withValues(NdArray.of(out, shape));
    }
}
