package dev.keras2j.model;

import java.util.Arrays;
import java.util.List;

/**
 * A tensor of the model graph, as Keras refers to one: output {@code tensor} of call {@code node} of layer
 * {@code layer}. A model input is {@code (input name, 0, 0)}. Node indices count the layer's calls within
 * this model, from 0, in the order the config lists them.
 */
public record TensorRef(String layer, int node, int tensor) {
    public TensorRef {
        if (node < 0 || tensor < 0) {
            throw new IllegalArgumentException("negative index in " + layer + ":" + node + ":" + tensor);
        }
    }

    /** The first output of the first call of {@code layer}: what a single-call, single-output layer gives. */
    public static TensorRef of(String layer) {
        return new TensorRef(layer, 0, 0);
    }

    /** {@link #of} for each name. */
    public static List<TensorRef> list(String... layers) {
        return Arrays.stream(layers).map(TensorRef::of).toList();
    }

    /** {@link #of} for each name. */
    public static List<TensorRef> list(List<String> layers) {
        return layers.stream().map(TensorRef::of).toList();
    }

    /** Whether this is the first output of the first call: the only tensor of a simple layer. */
    public boolean isFirst() {
        return node == 0 && tensor == 0;
    }

    /**
     * The tensor's name in per-layer results and references: the layer's name for its first output of its
     * first call, else {@code name:node:tensor}.
     */
    public String key() {
        return isFirst() ? layer : layer + ":" + node + ":" + tensor;
    }

    @Override
    public String toString() {
        return key();
    }
}
