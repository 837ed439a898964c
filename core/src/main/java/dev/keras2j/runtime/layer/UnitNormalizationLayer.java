package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.UnitNormalizationSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;
import dev.keras2j.runtime.kernel.ReductionGroups;

/** UnitNormalization: {@code x * min(1 / ||x||, 1e12)} over the normalized axes; the mask passes through. */
final class UnitNormalizationLayer implements RuntimeLayer {
    /** Keras's {@code ops.normalize} caps the inverse norm at {@code 1 / epsilon} with epsilon 1e-12. */
    private static final double MAX_INVERSE_NORM = 1e12;

    private final int[] axes;

    UnitNormalizationLayer(CheckedLayer layer) {
        this.axes = ((UnitNormalizationSpec) layer.spec()).resolvedAxes(layer.inputShape());
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        NdArray x = input.values();
        int[] shape = x.shape();
        ReductionGroups groups = ReductionGroups.over(shape, axes);
        int n = groups.groupSize();
        float[] in = x.data();
        float[] out = new float[in.length];
        for (int g = 0; g < groups.groups(); g++) {
            int base = groups.base(g);
            double squares = 0;
            for (int j = 0; j < n; j++) {
                double v = in[base + groups.offset(j)];
                squares += v * v;
            }
            double inv = Math.min(1.0 / Math.sqrt(squares), MAX_INVERSE_NORM);
            for (int j = 0; j < n; j++) {
                int i = base + groups.offset(j);
                out[i] = (float) (in[i] * inv);
            }
        }
        return input.withValues(NdArray.of(out, shape));
    }
}
