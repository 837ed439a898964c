package dev.keras2j.model.layer;

import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.ModelCheckException;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.UnsupportedModelException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads array-valued options written into a layer's config (Rescaling's scale, Normalization's mean):
 * a number, nested lists of numbers, or Keras 3's {@code {"class_name": "__numpy__", "config": {"value":
 * ...}}}; and broadcasts such constants onto trailing axes the way numpy does.
 */
final class ConstantArrays {
    private ConstantArrays() {
    }

    /** The option as a float32 array (Keras casts it to the layer's float32 compute dtype); rank 0 for a number. */
    static NdArray parse(Object value, LayerSpec layer, String option) {
        Object v = value;
        if (v instanceof Map<?, ?> m) {
            Object cls = m.get("class_name");
            if (!"__numpy__".equals(cls) || !(m.get("config") instanceof Map<?, ?> cfg)) {
                throw refuse(layer, option, "is a serialized object (" + cls + "), expected numbers");
            }
            v = cfg.get("value");
        }
        List<Integer> shape = new ArrayList<>();
        Object probe = v;
        while (probe instanceof List<?> l) {
            shape.add(l.size());
            probe = l.isEmpty() ? null : l.get(0);
        }
        int[] dims = shape.stream().mapToInt(Integer::intValue).toArray();
        float[] out = new float[Math.toIntExact(NdArray.elementCount(dims))];
        int[] pos = {0};
        fill(v, 0, dims, out, pos, layer, option);
        return NdArray.of(out, dims);
    }

    private static void fill(Object v, int depth, int[] dims, float[] out, int[] pos, LayerSpec layer, String option) {
        if (depth == dims.length) {
            if (!(v instanceof Number n)) {
                throw refuse(layer, option, "holds " + v + ", expected numbers");
            }
            out[pos[0]++] = (float) n.doubleValue();
            return;
        }
        if (!(v instanceof List<?> l) || l.size() != dims[depth]) {
            throw refuse(layer, option, "is a ragged nested list");
        }
        for (Object e : l) {
            fill(e, depth + 1, dims, out, pos, layer, option);
        }
    }

    /** The shape without leading 1s (which numpy broadcasting makes irrelevant when the input has more axes). */
    static int[] stripLeadingOnes(int[] shape) {
        int i = 0;
        while (i < shape.length && shape[i] == 1) {
            i++;
        }
        return Arrays.copyOfRange(shape, i, shape.length);
    }

    /**
     * Broadcasts {@code constant} (right-aligned, numpy rules) onto {@code target} and returns the values in
     * the target's row-major order. Every constant dimension must be 1 or equal to the target's.
     */
    static float[] broadcast(NdArray constant, int[] target, LayerSpec layer, String option) {
        int[] c = constant.shape();
        int offset = target.length - c.length;
        if (offset < 0) {
            throw new ModelCheckException(layer.describe() + ": " + option + " of shape " + Arrays.toString(c)
                    + " cannot broadcast onto " + Arrays.toString(target));
        }
        int[] cStrides = new int[target.length];
        int stride = 1;
        for (int i = c.length - 1; i >= 0; i--) {
            int t = target[offset + i];
            if (c[i] != 1 && c[i] != t) {
                throw new ModelCheckException(layer.describe() + ": " + option + " of shape " + Arrays.toString(c)
                        + " cannot broadcast onto " + Arrays.toString(target));
            }
            cStrides[offset + i] = c[i] == 1 ? 0 : stride;
            stride *= c[i];
        }
        int n = Math.toIntExact(NdArray.elementCount(target));
        float[] src = constant.data();
        float[] out = new float[n];
        int[] coord = new int[target.length];
        int ci = 0;
        for (int i = 0; i < n; i++) {
            out[i] = src[ci];
            for (int a = target.length - 1; a >= 0; a--) {
                coord[a]++;
                ci += cStrides[a];
                if (coord[a] < target[a]) {
                    break;
                }
                ci -= cStrides[a] * coord[a];
                coord[a] = 0;
            }
        }
        return out;
    }

    private static UnsupportedModelException refuse(LayerSpec layer, String option, String why) {
        return new UnsupportedModelException(layer.describe() + ": option '" + option + "' " + why);
    }
}
