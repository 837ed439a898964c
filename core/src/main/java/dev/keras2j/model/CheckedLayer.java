package dev.keras2j.model;

import java.util.List;

/**
 * A layer after the shape check: its spec, its calls with the shapes each receives and produces, and its
 * weights, bound once to the spec's slots for all calls.
 *
 * <p>The single-call accessors ({@link #inputShapes()}, {@link #outputShape()}) describe the first call,
 * which for most layers is the only one.
 */
public record CheckedLayer(LayerNode node, List<CheckedCall> calls, List<Weight> weights) {
    public CheckedLayer {
        calls = List.copyOf(calls);
        weights = List.copyOf(weights);
        if (calls.size() != node.calls().size()) {
            throw new IllegalArgumentException(node.spec().describe() + ": " + calls.size() + " checked calls for "
                    + node.calls().size() + " calls");
        }
    }

    /** A layer checked for its single call with one output. */
    public CheckedLayer(LayerNode node, List<Shape> inputShapes, Shape outputShape, List<Weight> weights) {
        this(node, List.of(new CheckedCall(0, node.calls().get(0), inputShapes, List.of(outputShape))), weights);
    }

    public LayerSpec spec() {
        return node.spec();
    }

    public String name() {
        return node.name();
    }

    /** How many times the model calls the layer. */
    public int callCount() {
        return calls.size();
    }

    /** The input shapes of the first call. */
    public List<Shape> inputShapes() {
        return calls.get(0).inputShapes();
    }

    /** The input shape of a single-input layer (first call). */
    public Shape inputShape() {
        return inputShapes().get(0);
    }

    /** The shape of the first output of the first call. */
    public Shape outputShape() {
        return calls.get(0).outputShapes().get(0);
    }

    /** The shapes of every output of the first call (one for most layers). */
    public List<Shape> outputShapes() {
        return calls.get(0).outputShapes();
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

    /** Number of parameters, as Keras's {@code count_params()} counts them (once, however often it is called). */
    public long params() {
        long n = 0;
        for (Weight w : weights) {
            n += w.value().size();
        }
        return n;
    }
}
