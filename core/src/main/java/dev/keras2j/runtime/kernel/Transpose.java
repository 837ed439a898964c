package dev.keras2j.runtime.kernel;

/** Reorders the axes of a row-major array, as {@code numpy.transpose(x, axes)} does. */
public final class Transpose {
    private Transpose() {
    }

    /**
     * The array {@code data} of shape {@code shape} with its axes reordered: output axis {@code i} is input
     * axis {@code perm[i]}.
     *
     * @return a new array of shape {@code permutedShape(shape, perm)}
     */
    public static float[] apply(float[] data, int[] shape, int[] perm) {
        int rank = shape.length;
        int[] inStrides = new int[rank];
        int stride = 1;
        for (int i = rank - 1; i >= 0; i--) {
            inStrides[i] = stride;
            stride *= shape[i];
        }
        int[] outShape = permutedShape(shape, perm);
        int[] step = new int[rank];
        for (int i = 0; i < rank; i++) {
            step[i] = inStrides[perm[i]];
        }
        float[] out = new float[data.length];
        if (out.length == 0) {
            return out;
        }
        int[] counter = new int[rank];
        int src = 0;
        for (int o = 0; o < out.length; o++) {
            out[o] = data[src];
            // Odometer over the output index; src follows with the input strides.
            for (int a = rank - 1; a >= 0; a--) {
                counter[a]++;
                src += step[a];
                if (counter[a] < outShape[a]) {
                    break;
                }
                src -= step[a] * outShape[a];
                counter[a] = 0;
            }
        }
        return out;
    }

    /** The shape after {@link #apply}. */
    public static int[] permutedShape(int[] shape, int[] perm) {
        int[] out = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            out[i] = shape[perm[i]];
        }
        return out;
    }
}
