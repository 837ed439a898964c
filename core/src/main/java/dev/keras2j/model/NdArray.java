package dev.keras2j.model;

import java.util.Arrays;

/**
 * A dense float32 array in row-major (C) order with a fixed shape: weights, model inputs and outputs.
 *
 * <p>Instances are treated as immutable: the array returned by {@link #data()} is the backing store and
 * must not be modified by callers that did not create it.
 */
public final class NdArray {
    private final int[] shape;
    private final float[] data;

    private NdArray(float[] data, int[] shape) {
        this.shape = shape;
        this.data = data;
    }

    /**
     * Wraps {@code data} (not copied) as an array of the given shape.
     *
     * @throws IllegalArgumentException if the element count does not match the shape
     */
    public static NdArray of(float[] data, int... shape) {
        long n = elementCount(shape);
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " holds " + n + " elements but the data has " + data.length);
        }
        return new NdArray(data, shape.clone());
    }

    /** A zero-filled array of the given shape. */
    public static NdArray zeros(int... shape) {
        long n = elementCount(shape);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
        }
        return new NdArray(new float[(int) n], shape.clone());
    }

    /** The product of the dimensions, checked for negative sizes and overflow. */
    public static long elementCount(int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, (long) d);
        }
        return n;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    public int size() {
        return data.length;
    }

    /** The backing array (not a copy). */
    public float[] data() {
        return data;
    }

    /** The same data viewed with another shape of equal element count. */
    public NdArray reshape(int... newShape) {
        return of(data, newShape);
    }

    /** A deep copy. */
    public NdArray copy() {
        return new NdArray(data.clone(), shape.clone());
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }

    @Override
    public String toString() {
        return "NdArray" + Arrays.toString(shape);
    }
}
