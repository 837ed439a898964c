package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.DataFormat;
import dev.keras2j.model.layer.GlobalPoolingSpec;
import dev.keras2j.model.layer.PoolMode;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;
import dev.keras2j.runtime.kernel.WindowReduce;

/**
 * Max or mean over every spatial position per channel. GlobalAveragePooling1D with a mask sums the
 * unmasked timesteps and divides by their number, as Keras's {@code ops.where} + sum / sum does
 * (a row with every step masked gives 0/0 = NaN there too).
 */
final class GlobalPoolingLayer implements RuntimeLayer {
    private final GlobalPoolingSpec spec;

    GlobalPoolingLayer(CheckedLayer layer) {
        this.spec = (GlobalPoolingSpec) layer.spec();
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        VolumeBatch x = VolumeBatch.of(input.values(), spec.rank(), spec.dataFormat());
        boolean[] mask = spec.usesMask() ? input.mask() : null;
        int c = x.c();
        int positions = x.positions();
        float[] out = new float[x.n() * c];
        float[] src = x.data();
        boolean max = spec.mode() == PoolMode.MAX;
        double[] sum = new double[c];
        for (int b = 0; b < x.n(); b++) {
            int dst = b * c;
            if (max) {
                java.util.Arrays.fill(out, dst, dst + c, Float.NEGATIVE_INFINITY);
            } else {
                java.util.Arrays.fill(sum, 0.0);
            }
            int count = 0;
            for (int p = 0; p < positions; p++) {
                if (mask != null && !mask[b * positions + p]) {
                    continue;
                }
                count++;
                int in = (b * positions + p) * c;
                if (max) {
                    WindowReduce.max(out, dst, src, in, c);
                } else {
                    for (int ch = 0; ch < c; ch++) {
                        sum[ch] += src[in + ch];
                    }
                }
            }
            if (!max) {
                for (int ch = 0; ch < c; ch++) {
                    out[dst + ch] = (float) (sum[ch] / count);
                }
            }
        }
        int[] shape;
        if (!spec.keepDims()) {
            shape = new int[] {x.n(), c};
        } else {
            shape = new int[spec.rank() + 2];
            java.util.Arrays.fill(shape, 1);
            shape[0] = x.n();
            shape[spec.dataFormat() == DataFormat.CHANNELS_LAST ? shape.length - 1 : 1] = c;
        }
        // Keras's global pooling layers return no mask.
        return MaskedArray.of(NdArray.of(out, shape));
    }
}
