package dev.keras2j.cli.bench;

import dev.keras2j.model.Shape;

/** Input shapes for benchmarks, which need every dimension known. */
final class Shapes {
    private Shapes() {
    }

    static int[] fixed(Shape s) {
        int[] shape = new int[s.rank()];
        for (int i = 0; i < shape.length; i++) {
            if (s.dim(i) == Shape.UNKNOWN) {
                throw new IllegalArgumentException("the input shape " + s.toKerasString()
                        + " has an open dimension; bench needs a fixed input shape");
            }
            shape[i] = s.dim(i);
        }
        return shape;
    }
}
