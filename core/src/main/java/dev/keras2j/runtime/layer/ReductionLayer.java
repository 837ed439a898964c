package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.ReductionSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

import java.util.Arrays;

/**
 * Mean, sum, max, min, argmax and argmin over axes. Values are visited in row-major order of the reduced axes;
 * a sum is accumulated in float and a mean divides that sum by the count once, as the backends do (their
 * summation order may differ in the last bits, far inside the validation tolerance).
 */
final class ReductionLayer implements RuntimeLayer {
    private final ReductionSpec spec;

    ReductionLayer(CheckedLayer layer) {
        this.spec = (ReductionSpec) layer.spec();
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        NdArray x = input.values();
        int[] shape = x.shape();
        int[] axes = spec.axes(shape.length);
        // Move the reduced axes last, so that each output element reduces one contiguous run.
        int[] perm = new int[shape.length];
        int p = 0;
        for (int a = 0; a < shape.length; a++) {
            if (Arrays.binarySearch(axes, a) < 0) {
                perm[p++] = a;
            }
        }
        int kept = p;
        long run = 1;
        for (int a : axes) {
            perm[p++] = a;
            run *= shape[a];
        }
        float[] data = dev.keras2j.runtime.kernel.Transpose.apply(x.data(), shape, perm);
        int len = (int) run;
        int outer = len == 0 ? 0 : data.length / len;
        float[] out = new float[outer];
        for (int o = 0; o < outer; o++) {
            out[o] = reduce(data, o * len, len);
        }
        int[] outShape = new int[spec.keepdims() ? shape.length : kept];
        for (int a = 0, j = 0; a < shape.length; a++) {
            if (Arrays.binarySearch(axes, a) < 0) {
                outShape[j++] = shape[a];
            } else if (spec.keepdims()) {
                outShape[j++] = 1;
            }
        }
        return MaskedArray.of(NdArray.of(out, outShape));
    }

    private float reduce(float[] d, int from, int len) {
        switch (spec.kind()) {
            case SUM, MEAN -> {
                float s = 0f;
                for (int i = 0; i < len; i++) {
                    s += d[from + i];
                }
                return spec.kind() == ReductionSpec.Kind.MEAN ? s / len : s;
            }
            case MAX, MIN -> {
                float best = d[from];
                for (int i = 1; i < len; i++) {
                    float v = d[from + i];
                    best = spec.kind() == ReductionSpec.Kind.MAX ? Math.max(best, v) : Math.min(best, v);
                }
                return best;
            }
            default -> {
                // the first index of the extreme value; a NaN wins at once, as numpy's argmax
                int best = 0;
                boolean max = spec.kind() == ReductionSpec.Kind.ARGMAX;
                for (int i = 1; i < len && !Float.isNaN(d[from + best]); i++) {
                    float v = d[from + i];
                    if (Float.isNaN(v) || (max ? v > d[from + best] : v < d[from + best])) {
                        best = i;
                    }
                }
                return best;
            }
        }
    }
}
