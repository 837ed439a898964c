package dev.keras2j.cli.bench;

import dev.keras2j.model.NdArray;

/** A loaded model whose input is a keras2j {@link NdArray} in Keras's layout. */
abstract class NdArrayLoaded implements BenchEngine.Loaded {
    private final int[] shape;

    NdArrayLoaded(int[] shape) {
        this.shape = shape;
    }

    @Override
    public int[] inputShape() {
        return shape.clone();
    }

    @Override
    public Object prepare(float[] data, int batch) {
        int[] full = new int[shape.length + 1];
        full[0] = batch;
        System.arraycopy(shape, 0, full, 1, shape.length);
        return NdArray.of(data, full);
    }
}
