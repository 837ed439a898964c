package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.BatchNormalizationSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

/**
 * BatchNormalization at inference, folded per feature into {@code x * scale + shift} with
 * {@code scale = gamma / sqrt(moving_variance + epsilon)} and {@code shift = beta - moving_mean * scale},
 * the same rearrangement as {@code tf.nn.batch_normalization}, evaluated in double. The mask passes through.
 */
final class BatchNormalizationLayer implements RuntimeLayer {
    private final double[] scale;
    private final double[] shift;
    private final int axis;

    BatchNormalizationLayer(CheckedLayer layer) {
        BatchNormalizationSpec spec = (BatchNormalizationSpec) layer.spec();
        this.axis = spec.resolvedAxis(layer.inputShape());
        float[] mean = layer.weight("moving_mean").data();
        float[] variance = layer.weight("moving_variance").data();
        float[] gamma = spec.scale() ? layer.weight("gamma").data() : null;
        float[] beta = spec.center() ? layer.weight("beta").data() : null;
        int n = mean.length;
        this.scale = new double[n];
        this.shift = new double[n];
        for (int c = 0; c < n; c++) {
            // Keras adds epsilon to the float32 variance in float32 before rsqrt.
            double inv = 1.0 / Math.sqrt((float) (variance[c] + (float) spec.epsilon()));
            double s = gamma == null ? inv : inv * gamma[c];
            scale[c] = s;
            shift[c] = (beta == null ? 0.0 : beta[c]) - mean[c] * s;
        }
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        NdArray x = input.values();
        int[] shape = x.shape();
        int inner = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        int features = shape[axis];
        float[] in = x.data();
        float[] out = new float[in.length];
        // Element i has feature (i / inner) % features; walked in that order instead of dividing per element.
        int i = 0;
        while (i < in.length) {
            if (inner == 1) {
                // Channels last: one run over the features per position, indexed alike (C2 vectorizes it).
                for (int c = 0; c < features; c++) {
                    out[i + c] = (float) (in[i + c] * scale[c] + shift[c]);
                }
                i += features;
                continue;
            }
            for (int c = 0; c < features; c++) {
                double s = scale[c];
                double t = shift[c];
                for (int end = i + inner; i < end; i++) {
                    out[i] = (float) (in[i] * s + t);
                }
            }
        }
        return input.withValues(NdArray.of(out, shape));
    }
}
