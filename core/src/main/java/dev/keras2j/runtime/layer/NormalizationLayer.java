package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.layer.NormalizationSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

/**
 * Normalization: {@code (x - mean) / max(sqrt(variance), 1e-7)} (or its inverse) with float32 rounding at
 * every step as Keras computes it; the mask passes through.
 */
final class NormalizationLayer implements RuntimeLayer {
    private final float[] mean;
    /** {@code max(sqrt(variance), 1e-7)} per statistic, in float32. */
    private final float[] scale;
    private final int[] keptAxes;
    private final boolean invert;

    NormalizationLayer(CheckedLayer layer) {
        NormalizationSpec spec = (NormalizationSpec) layer.spec();
        Shape input = layer.inputShape();
        this.keptAxes = spec.keptAxes(input);
        this.invert = spec.invert();
        float[] variance;
        if (spec.hasConstantStatistics()) {
            this.mean = spec.broadcastConstant(spec.constantMean(), input, "mean");
            variance = spec.broadcastConstant(spec.constantVariance(), input, "variance");
        } else {
            this.mean = layer.weight("mean").data().clone();
            variance = layer.weight("variance").data();
        }
        this.scale = new float[variance.length];
        for (int i = 0; i < scale.length; i++) {
            // Math.sqrt on the float widened to double, rounded back, is float32's correctly rounded sqrt.
            float sd = (float) Math.sqrt(variance[i]);
            scale[i] = Math.max(sd, NormalizationSpec.EPSILON);
        }
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        NdArray x = input.values();
        int[] shape = x.shape();
        // Stride of each full-shape axis in the statistics (0 for reduced axes).
        int[] statStride = new int[shape.length];
        int stride = 1;
        for (int k = keptAxes.length - 1; k >= 0; k--) {
            statStride[keptAxes[k]] = stride;
            stride *= shape[keptAxes[k]];
        }
        float[] in = x.data();
        float[] out = new float[in.length];
        int[] coord = new int[shape.length];
        int s = 0;
        for (int i = 0; i < in.length; i++) {
            if (invert) {
                float scaled = in[i] * scale[s];
                out[i] = mean[s] + scaled;
            } else {
                float centered = in[i] - mean[s];
                out[i] = centered / scale[s];
            }
            for (int a = shape.length - 1; a >= 0; a--) {
                coord[a]++;
                s += statStride[a];
                if (coord[a] < shape[a]) {
                    break;
                }
                s -= statStride[a] * coord[a];
                coord[a] = 0;
            }
        }
        return input.withValues(NdArray.of(out, shape));
    }
}
