package dev.keras2j.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call of a layer in the model graph (a Keras "node"): the tensors it reads, in order, and the
 * keyword arguments of the call that are not tensors ({@code training}, {@code use_causal_mask}, ...).
 * Tensors a call passes by keyword (a recurrent layer's {@code initial_state}) are placed in
 * {@code inputs} after the positional ones by the dialect reader, as Keras 2 records them.
 */
public record LayerCall(List<TensorRef> inputs, Map<String, Object> kwargs) {
    public LayerCall {
        inputs = List.copyOf(inputs);
        kwargs = Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
    }

    /** A call reading these tensors, without keyword arguments. */
    public LayerCall(List<TensorRef> inputs) {
        this(inputs, Map.of());
    }
}
