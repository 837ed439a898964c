package dev.keras2j.export.onnx;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.LayerSpec;

import java.util.List;

/**
 * Emits the ONNX nodes of one layer family. Values are in Keras's layout (batch first, channels where the
 * layer's data format puts them); a translator that computes in another layout transposes inside.
 *
 * @param <S> the layer family's spec class
 */
@FunctionalInterface
interface LayerTranslator<S extends LayerSpec> {
    /**
     * Adds the layer's nodes to the graph.
     *
     * @param spec   the layer's spec
     * @param layer  the checked layer (shapes, weights)
     * @param inputs the ONNX values the layer reads, in its inbound order
     * @param t      the graph and the registry (for wrappers)
     * @return the ONNX value holding the layer's output
     * @throws dev.keras2j.model.UnsupportedModelException when the layer has no exact ONNX form
     */
    String translate(S spec, CheckedLayer layer, List<String> inputs, Translation t);
}
