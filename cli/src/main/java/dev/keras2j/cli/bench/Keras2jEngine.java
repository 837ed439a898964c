package dev.keras2j.cli.bench;

import dev.keras2j.KerasModel;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;

import java.nio.file.Path;

/** keras2j's own runtime. */
public final class Keras2jEngine implements BenchEngine {
    @Override
    public String name() {
        return "keras2j";
    }

    @Override
    public Loaded load(Path model) {
        KerasModel m = KerasModel.load(model);
        Shape s = m.inputShape();
        int[] shape = new int[s.rank()];
        for (int i = 0; i < shape.length; i++) {
            if (s.dim(i) == Shape.UNKNOWN) {
                throw new IllegalArgumentException("the input shape " + s.toKerasString()
                        + " has an open dimension; bench needs a fixed input shape");
            }
            shape[i] = s.dim(i);
        }
        return new Loaded() {
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

            @Override
            public Object predict(Object prepared) {
                return m.predict((NdArray) prepared);
            }
        };
    }
}
