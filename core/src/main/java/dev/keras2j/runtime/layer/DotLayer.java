package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.DotSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

import java.util.ArrayList;
import java.util.List;

/**
 * Dot: per example, the first input is viewed as a {@code (P, n)} matrix (contracted axis moved last, the
 * other axes in order) and the second as {@code (n, Q)} (contracted axis moved first), as Keras's
 * {@code batch_dot} does, and their product is the {@code (P, Q)} output. No mask comes out.
 */
final class DotLayer implements RuntimeLayer {
    private final DotSpec spec;
    private final int[] axes;

    DotLayer(CheckedLayer layer) {
        this.spec = (DotSpec) layer.spec();
        this.axes = spec.resolvedAxes(layer.inputShapes());
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        throw new IllegalStateException(spec.describe() + " needs two inputs");
    }

    @Override
    public MaskedArray forward(List<MaskedArray> inputs) {
        NdArray x = inputs.get(0).values();
        NdArray y = inputs.get(1).values();
        int batch = x.dim(0);
        int n = x.dim(axes[0]);
        // x as (batch, P, n); y as (batch, Q, n): both with the contracted axis last.
        float[] xm = contractedLast(x, axes[0]);
        float[] ym = contractedLast(y, axes[1]);
        int p = xm.length / Math.max(1, batch * n);
        int q = ym.length / Math.max(1, batch * n);
        if (spec.normalize()) {
            normalizeRows(xm, n, spec.inverseNormCap());
            normalizeRows(ym, n, spec.inverseNormCap());
        }
        float[] out = new float[batch * p * q];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < p; i++) {
                int xo = (b * p + i) * n;
                for (int j = 0; j < q; j++) {
                    int yo = (b * q + j) * n;
                    double sum = 0;
                    for (int k = 0; k < n; k++) {
                        sum += (double) xm[xo + k] * ym[yo + k];
                    }
                    out[(b * p + i) * q + j] = (float) sum;
                }
            }
        }
        return MaskedArray.of(NdArray.of(out, outputShape(x.shape(), y.shape())));
    }

    /** From this batch's shapes, since non-contracted axes may be of unknown size in the model. */
    private int[] outputShape(int[] xs, int[] ys) {
        List<Integer> dims = new ArrayList<>();
        dims.add(xs[0]);
        for (int i = 1; i < xs.length; i++) {
            if (i != axes[0]) {
                dims.add(xs[i]);
            }
        }
        for (int i = 1; i < ys.length; i++) {
            if (i != axes[1]) {
                dims.add(ys[i]);
            }
        }
        if (dims.size() == 1) {
            dims.add(1);
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The array with {@code axis} moved to the end, the other axes keeping their order. */
    private static float[] contractedLast(NdArray a, int axis) {
        int[] shape = a.shape();
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= shape[i];
        }
        int n = shape[axis];
        int inner = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        float[] src = a.data();
        float[] dst = new float[src.length];
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < n; k++) {
                int s = (o * n + k) * inner;
                for (int i = 0; i < inner; i++) {
                    dst[(o * inner + i) * n + k] = src[s + i];
                }
            }
        }
        return dst;
    }

    /** L2 normalization of each row: {@code x * min(1 / sqrt(sum(x^2)), cap)}. */
    private static void normalizeRows(float[] m, int n, double cap) {
        for (int r = 0; r + n <= m.length && n > 0; r += n) {
            double squares = 0;
            for (int k = 0; k < n; k++) {
                double v = m[r + k];
                squares += v * v;
            }
            double inv = Math.min(1.0 / Math.sqrt(squares), cap);
            for (int k = 0; k < n; k++) {
                m[r + k] = (float) (m[r + k] * inv);
            }
        }
    }
}
