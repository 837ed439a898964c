package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.GroupNormalizationSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

/**
 * GroupNormalization: per example and group, the mean and (biased) variance over the group's channels and
 * every other non-batch axis, in double with two passes; then Keras's {@code x * inv + (beta - mean * inv)}
 * with {@code inv = gamma / sqrt(variance + epsilon)}, the variance and epsilon added in float32 as Keras
 * does. The mask passes through.
 */
final class GroupNormalizationLayer implements RuntimeLayer {
    private final GroupNormalizationSpec spec;
    private final int axis;
    private final int groups;
    private final float[] gamma;
    private final float[] beta;

    GroupNormalizationLayer(CheckedLayer layer) {
        this.spec = (GroupNormalizationSpec) layer.spec();
        this.axis = spec.resolvedAxis(layer.inputShape());
        this.groups = spec.groups(layer.inputShape());
        this.gamma = spec.scale() ? layer.weight("gamma").data() : null;
        this.beta = spec.center() ? layer.weight("beta").data() : null;
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        NdArray x = input.values();
        int[] shape = x.shape();
        int outer = 1;
        for (int i = 1; i < axis; i++) {
            outer = Math.multiplyExact(outer, shape[i]);
        }
        int channels = shape[axis];
        int inner = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            inner = Math.multiplyExact(inner, shape[i]);
        }
        int perGroup = channels / groups;
        int example = Math.multiplyExact(Math.multiplyExact(outer, channels), inner);
        float[] in = x.data();
        float[] out = new float[in.length];
        float epsilon = (float) spec.epsilon();
        long count = (long) outer * perGroup * inner;
        for (int b = 0; b < shape[0]; b++) {
            int base = b * example;
            for (int g = 0; g < groups; g++) {
                int c0 = g * perGroup;
                double sum = 0;
                for (int o = 0; o < outer; o++) {
                    int from = base + (o * channels + c0) * inner;
                    for (int j = 0; j < perGroup * inner; j++) {
                        sum += in[from + j];
                    }
                }
                double mean = sum / count;
                double squares = 0;
                for (int o = 0; o < outer; o++) {
                    int from = base + (o * channels + c0) * inner;
                    for (int j = 0; j < perGroup * inner; j++) {
                        double d = in[from + j] - mean;
                        squares += d * d;
                    }
                }
                double inv = 1.0 / Math.sqrt((float) ((float) (squares / count) + epsilon));
                for (int c = c0; c < c0 + perGroup; c++) {
                    double scale = gamma == null ? inv : inv * gamma[c];
                    double shift = (beta == null ? 0.0 : beta[c]) - mean * scale;
                    for (int o = 0; o < outer; o++) {
                        int from = base + (o * channels + c) * inner;
                        for (int j = 0; j < inner; j++) {
                            out[from + j] = (float) (in[from + j] * scale + shift);
                        }
                    }
                }
            }
        }
        return input.withValues(NdArray.of(out, shape));
    }
}
