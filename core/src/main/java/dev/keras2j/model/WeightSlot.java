package dev.keras2j.model;

import java.util.Arrays;

/** A weight that a layer's options and input shape call for: its Keras name and exact shape. */
public record WeightSlot(String name, int[] shape) {
    public long size() {
        return NdArray.elementCount(shape);
    }

    public boolean matches(NdArray array) {
        return Arrays.equals(shape, array.shape());
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
