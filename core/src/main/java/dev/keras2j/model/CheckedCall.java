package dev.keras2j.model;

import java.util.List;

/**
 * One call of a layer after the shape check: its index among the layer's calls (Keras's node index), what
 * it reads, and the shapes it receives and produces (one per output tensor).
 */
public record CheckedCall(int index, LayerCall call, List<Shape> inputShapes, List<Shape> outputShapes) {
    public CheckedCall {
        inputShapes = List.copyOf(inputShapes);
        outputShapes = List.copyOf(outputShapes);
    }
}
