package dev.keras2j.model;

import java.util.List;

/**
 * A layer after the shape check: its spec, where its inputs come from, the shapes it receives and
 * produces, and its weights bound to the spec's slots by name.
 */
public record CheckedLayer(LayerNode node, List<Shape> inputShapes, Shape outputShape, List<Weight> weights) {
    public CheckedLayer {
        inputShapes = List.copyOf(inputShapes);
        weights = List.copyOf(weights);
    }

    public LayerSpec spec() {
        return node.spec();
    }

    public String name() {
        return node.name();
    }

    /** The input shape of a single-input layer. */
    public Shape inputShape() {
        return inputShapes.get(0);
    }

    /** The weight named {@code name}. */
    public NdArray weight(String name) {
        for (Weight w : weights) {
            if (w.name().equals(name)) {
                return w.value();
            }
        }
        throw new IllegalArgumentException(node.spec().describe() + " has no weight '" + name + "'");
    }

    /** Number of parameters, as Keras's {@code count_params()} counts them. */
    public long params() {
        long n = 0;
        for (Weight w : weights) {
            n += w.value().size();
        }
        return n;
    }
}
