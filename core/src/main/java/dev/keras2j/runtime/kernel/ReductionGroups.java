package dev.keras2j.runtime.kernel;

/**
 * The groups of elements a reduction over several axes visits, for normalizations and softmax over any
 * set of axes: group {@code g} holds the elements at {@code base(g) + offset(j)}, where {@code j} runs over
 * the reduced axes in row-major order (the order in which a weight shaped like those axes is laid out).
 */
public final class ReductionGroups {
    private final int[] bases;
    private final int[] offsets;

    /**
     * @param shape   the full array shape, batch axis included
     * @param reduced which axes are reduced ({@code reduced[a]} true for axis {@code a})
     */
    public ReductionGroups(int[] shape, boolean[] reduced) {
        int rank = shape.length;
        int[] strides = new int[rank];
        int stride = 1;
        for (int i = rank - 1; i >= 0; i--) {
            strides[i] = stride;
            stride *= shape[i];
        }
        this.offsets = enumerate(shape, strides, reduced, true);
        this.bases = enumerate(shape, strides, reduced, false);
    }

    /** The groups of a reduction over {@code axes} (non-negative positions in {@code shape}). */
    public static ReductionGroups over(int[] shape, int[] axes) {
        boolean[] reduced = new boolean[shape.length];
        for (int a : axes) {
            reduced[a] = true;
        }
        return new ReductionGroups(shape, reduced);
    }

    /** Offsets of every index combination over the axes where {@code reduced[a] == pick}. */
    private static int[] enumerate(int[] shape, int[] strides, boolean[] reduced, boolean pick) {
        int count = 1;
        for (int a = 0; a < shape.length; a++) {
            if (reduced[a] == pick) {
                count *= shape[a];
            }
        }
        int[] out = new int[count];
        if (count == 0) {
            return out;
        }
        int filled = 1;
        // Expand axis by axis, outermost first, so the result is in row-major order.
        for (int a = 0; a < shape.length; a++) {
            if (reduced[a] != pick || shape[a] == 1) {
                continue;
            }
            int n = shape[a];
            for (int i = filled - 1; i >= 0; i--) {
                int base = out[i];
                for (int k = n - 1; k >= 0; k--) {
                    out[i * n + k] = base + k * strides[a];
                }
            }
            filled *= n;
        }
        return out;
    }

    /** Number of groups. */
    public int groups() {
        return bases.length;
    }

    /** Elements per group. */
    public int groupSize() {
        return offsets.length;
    }

    /** Flat index of the first element of group {@code g}. */
    public int base(int g) {
        return bases[g];
    }

    /** Offset of the {@code j}-th element of a group from its base. */
    public int offset(int j) {
        return offsets[j];
    }
}
