package dev.keras2j.runtime.layer;

import dev.keras2j.model.layer.PoolMode;
import dev.keras2j.model.layer.PoolingSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;
import dev.keras2j.runtime.kernel.Parallelism;
import dev.keras2j.runtime.kernel.WindowReduce;

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

    /** The fewest input reads worth sharing out between threads. */
    private static final long PARALLEL_READS = 1L << 16;

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
        // Output rows are independent: those of all examples shared out between the kernel threads (a batch of one
        // example too), each range with its own accumulators.
        int rows = x.n() * g.outH();
        boolean parallel = (long) out.data().length * g.kh() * g.kw() >= PARALLEL_READS;
        Parallelism.forRange(rows, parallel, 4, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int b = r / g.outH();
                int oy = r - b * g.outH();
                int y0 = Math.max(oy * g.sh() - g.padTop(), 0);
                int y1 = Math.min(oy * g.sh() - g.padTop() + g.kh(), x.h());
                for (int ox = 0; ox < g.outW(); ox++) {
                    int x0 = Math.max(ox * g.sw() - g.padLeft(), 0);
                    int x1 = Math.min(ox * g.sw() - g.padLeft() + g.kw(), x.w());
                    // The output pixel is the accumulator: from -inf (max) or zero (average), pixel by pixel.
                    int dst = out.offset(b, oy, ox);
                    java.util.Arrays.fill(o, dst, dst + c, max ? Float.NEGATIVE_INFINITY : 0f);
                    for (int iy = y0; iy < y1; iy++) {
                        for (int ix = x0; ix < x1; ix++) {
                            if (max) {
                                WindowReduce.max(o, dst, src, x.offset(b, iy, ix), c);
                            } else {
                                WindowReduce.add(o, dst, src, x.offset(b, iy, ix), c);
                            }
                        }
                    }
                    if (!max) {
                        float count = (y1 - y0) * (x1 - x0);
                        for (int ch = 0; ch < c; ch++) {
                            o[dst + ch] /= count;
                        }
                    }
                }
            }
        });
        return MaskedArray.of(out.toArray(spec.rank(), spec.dataFormat()));
    }
}
