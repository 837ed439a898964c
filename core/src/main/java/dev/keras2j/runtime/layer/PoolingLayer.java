package dev.keras2j.runtime.layer;

import dev.keras2j.model.layer.PoolMode;
import dev.keras2j.model.layer.PoolingSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;
import dev.keras2j.runtime.kernel.Parallelism;

/**
 * Max and average pooling over windows that, with {@code same} padding, may hang over the border: the
 * overhang is skipped, so max never sees a padding value and average divides by the real elements.
 */
final class PoolingLayer implements RuntimeLayer {
    private final PoolingSpec spec;
    private final int[] ones;

    PoolingLayer(dev.keras2j.model.CheckedLayer layer) {
        this.spec = (PoolingSpec) layer.spec();
        this.ones = new int[spec.rank()];
        java.util.Arrays.fill(ones, 1);
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        ImageBatch x = ImageBatch.of(input.values(), spec.rank(), spec.dataFormat());
        ConvGeometry g = ConvGeometry.forward(spec.rank(), spec.poolSize(), spec.strides(), ones, spec.padding(),
                x.h(), x.w()).requireOutput(spec.describe(), x.h(), x.w());
        int c = x.c();
        ImageBatch out = ImageBatch.zeros(x.n(), g.outH(), g.outW(), c);
        float[] o = out.data();
        float[] src = x.data();
        boolean max = spec.mode() == PoolMode.MAX;
        // Examples are independent: shared out between the kernel threads, each with its own accumulators.
        Parallelism.forRange(x.n(), x.n() > 1, (b0, b1) -> {
            float[] acc = new float[c];
            for (int b = b0; b < b1; b++) {
                for (int oy = 0; oy < g.outH(); oy++) {
                    int y0 = Math.max(oy * g.sh() - g.padTop(), 0);
                    int y1 = Math.min(oy * g.sh() - g.padTop() + g.kh(), x.h());
                    for (int ox = 0; ox < g.outW(); ox++) {
                        int x0 = Math.max(ox * g.sw() - g.padLeft(), 0);
                        int x1 = Math.min(ox * g.sw() - g.padLeft() + g.kw(), x.w());
                        java.util.Arrays.fill(acc, max ? Float.NEGATIVE_INFINITY : 0f);
                        for (int iy = y0; iy < y1; iy++) {
                            for (int ix = x0; ix < x1; ix++) {
                                int in = x.offset(b, iy, ix);
                                for (int ch = 0; ch < c; ch++) {
                                    acc[ch] = max ? Math.max(acc[ch], src[in + ch]) : acc[ch] + src[in + ch];
                                }
                            }
                        }
                        int dst = out.offset(b, oy, ox);
                        float count = (y1 - y0) * (x1 - x0);
                        for (int ch = 0; ch < c; ch++) {
                            o[dst + ch] = max ? acc[ch] : acc[ch] / count;
                        }
                    }
                }
            }
        });
        return MaskedArray.of(out.toArray(spec.rank(), spec.dataFormat()));
    }
}
