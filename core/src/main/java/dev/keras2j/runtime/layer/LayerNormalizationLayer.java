package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.LayerNormalizationSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;
import dev.keras2j.runtime.kernel.ReductionGroups;

/**
 * LayerNormalization: mean and (biased) variance over the normalized axes of each group, computed in
 * double with two passes; gamma and beta are indexed in the row-major order of the normalized axes, as
 * Keras reshapes them. The mask passes through.
 */
final class LayerNormalizationLayer implements RuntimeLayer {
    private final LayerNormalizationSpec spec;
    private final int[] axes;
    private final float[] gamma;
    private final float[] beta;

    LayerNormalizationLayer(CheckedLayer layer) {
        this.spec = (LayerNormalizationSpec) layer.spec();
        this.axes = spec.resolvedAxes(layer.inputShape());
        this.gamma = spec.scale() ? layer.weight("gamma").data() : null;
        this.beta = spec.center() ? layer.weight("beta").data() : null;
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        NdArray x = input.values();
        int[] shape = x.shape();
        ReductionGroups groups = ReductionGroups.over(shape, axes);
        int n = groups.groupSize();
        float[] in = x.data();
        float[] out = new float[in.length];
        float epsilon = (float) spec.epsilon();
        for (int g = 0; g < groups.groups(); g++) {
            int base = groups.base(g);
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += in[base + groups.offset(j)];
            }
            double mean = sum / n;
            double squares = 0;
            for (int j = 0; j < n; j++) {
                double d = in[base + groups.offset(j)] - mean;
                squares += d * d;
            }
            // Keras rounds the variance to float32 and adds epsilon in float32 before rsqrt.
            double inv = 1.0 / Math.sqrt((float) ((float) (squares / n) + epsilon));
            double center = spec.rmsScaling() ? 0.0 : mean;
            for (int j = 0; j < n; j++) {
                int i = base + groups.offset(j);
                double y = (in[i] - center) * inv;
                if (gamma != null) {
                    y *= gamma[j];
                }
                if (beta != null) {
                    y += beta[j];
                }
                out[i] = (float) y;
            }
        }
        return input.withValues(NdArray.of(out, shape));
    }
}
