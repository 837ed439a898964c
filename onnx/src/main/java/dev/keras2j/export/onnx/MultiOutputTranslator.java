package dev.keras2j.export.onnx;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.LayerSpec;

import java.util.List;

/**
 * A {@link LayerTranslator} for a family whose calls can return several tensors (a recurrent layer with
 * {@code return_state}, Bidirectional without a merge mode).
 *
 * @param <S> the layer family's spec class
 */
@FunctionalInterface
interface MultiOutputTranslator<S extends LayerSpec> {
    /**
     * Adds the layer call's nodes to the graph.
     *
     * @param layer the layer seen through one call (its shapes are that call's)
     * @return the ONNX values of the call's outputs, in Keras's order
     */
    List<String> translate(S spec, CheckedLayer layer, List<String> inputs, Translation t);
}
