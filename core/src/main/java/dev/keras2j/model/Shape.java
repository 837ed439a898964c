package dev.keras2j.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The shape of one example, without the batch axis, as Keras infers it. An unknown dimension (Keras's
 * {@code None}, e.g. a variable sequence length) is {@link #UNKNOWN}.
 */
public final class Shape {
    /** Marks a dimension Keras leaves open ({@code None}). */
    public static final int UNKNOWN = -1;

    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    public static Shape of(int... dims) {
        for (int d : dims) {
            if (d < UNKNOWN) {
                throw new IllegalArgumentException("invalid dimension " + d + " in " + Arrays.toString(dims));
            }
        }
        return new Shape(dims.clone());
    }

    public int rank() {
        return dims.length;
    }

    /** Dimension {@code axis} (negative counts from the end). */
    public int dim(int axis) {
        return dims[axis < 0 ? dims.length + axis : axis];
    }

    public int last() {
        return dims[dims.length - 1];
    }

    public int[] dims() {
        return dims.clone();
    }

    public boolean isFullyKnown() {
        for (int d : dims) {
            if (d == UNKNOWN) {
                return false;
            }
        }
        return true;
    }

    /** Number of elements of one example; fails when a dimension is unknown. */
    public int elementCount() {
        long n = 1;
        for (int d : dims) {
            if (d == UNKNOWN) {
                throw new IllegalStateException("shape " + this + " has an unknown dimension");
            }
            n = Math.multiplyExact(n, (long) d);
        }
        return Math.toIntExact(n);
    }

    /** This shape with dimension {@code axis} replaced. */
    public Shape with(int axis, int value) {
        int[] copy = dims.clone();
        copy[axis < 0 ? dims.length + axis : axis] = value;
        return new Shape(copy);
    }

    /** The shape including a leading batch axis of the given size. */
    public int[] withBatch(int batch) {
        int[] out = new int[dims.length + 1];
        out[0] = batch;
        System.arraycopy(dims, 0, out, 1, dims.length);
        return out;
    }

    /** Shape of an array without its leading batch axis. */
    public static Shape ofExample(NdArray batch) {
        int[] s = batch.shape();
        return new Shape(Arrays.copyOfRange(s, 1, s.length));
    }

    /** Keras's notation, e.g. {@code (None, 28, 28, 1)}. */
    public String toKerasString() {
        StringBuilder sb = new StringBuilder("(None");
        for (int d : dims) {
            sb.append(", ").append(d == UNKNOWN ? "None" : Integer.toString(d));
        }
        return sb.append(dims.length == 0 ? ",)" : ")").toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.stream(dims).mapToObj(d -> d == UNKNOWN ? "None" : Integer.toString(d))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
