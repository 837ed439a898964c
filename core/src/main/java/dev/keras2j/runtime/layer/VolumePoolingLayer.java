package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.layer.PoolMode;
import dev.keras2j.model.layer.PoolingSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;
import dev.keras2j.runtime.kernel.WindowReduce;

/**
 * MaxPooling3D / AveragePooling3D (any number of spatial axes), as {@link PoolingLayer} does it for
 * images: window positions outside the input are skipped, so max never sees padding and average divides
 * by the number of real elements (TensorFlow's definition).
 */
final class VolumePoolingLayer implements RuntimeLayer {
    private final PoolingSpec spec;
    private final int[] ones;

    VolumePoolingLayer(CheckedLayer layer) {
        this.spec = (PoolingSpec) layer.spec();
        this.ones = new int[spec.rank()];
        java.util.Arrays.fill(ones, 1);
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        VolumeBatch x = VolumeBatch.of(input.values(), spec.rank(), spec.dataFormat());
        WindowGeometry g = WindowGeometry.forward(spec.describe(), spec.poolSize(), spec.strides(), ones,
                spec.padding(), x.dims());
        int c = x.c();
        VolumeBatch out = VolumeBatch.zeros(x.n(), g.out(), c);
        float[] o = out.data();
        float[] src = x.data();
        boolean max = spec.mode() == PoolMode.MAX;
        int rank = spec.rank();
        int[] dims = x.dims();
        int[] at = new int[rank];
        int[] tap = new int[rank];
        int taps = g.taps();
        for (int b = 0; b < x.n(); b++) {
            for (int p = 0; p < out.positions(); p++) {
                VolumeBatch.coordinates(p, g.out(), at);
                int dst = out.offset(b, p);
                java.util.Arrays.fill(o, dst, dst + c, max ? Float.NEGATIVE_INFINITY : 0f);
                int count = 0;
                for (int t = 0; t < taps; t++) {
                    VolumeBatch.coordinates(t, g.kernel(), tap);
                    int flat = 0;
                    boolean inside = true;
                    for (int i = 0; i < rank; i++) {
                        int v = at[i] * g.strides()[i] + tap[i] - g.padBefore()[i];
                        if (v < 0 || v >= dims[i]) {
                            inside = false;
                            break;
                        }
                        flat = flat * dims[i] + v;
                    }
                    if (!inside) {
                        continue;
                    }
                    count++;
                    if (max) {
                        WindowReduce.max(o, dst, src, x.offset(b, flat), c);
                    } else {
                        WindowReduce.add(o, dst, src, x.offset(b, flat), c);
                    }
                }
                if (!max) {
                    float n = count;
                    for (int ch = 0; ch < c; ch++) {
                        o[dst + ch] /= n;
                    }
                }
            }
        }
        return MaskedArray.of(out.toArray(spec.dataFormat()));
    }
}
