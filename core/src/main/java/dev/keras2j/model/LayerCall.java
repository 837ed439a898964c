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
 *
 * @param receivesMask whether the layer computes with the mask of its input: Keras 3 hands a layer the
 *                     incoming mask only when the call has a single tensor argument, so a recurrent layer
 *                     given its {@code initial_state} by keyword runs unmasked there (the mask still passes
 *                     on to its output); Keras 1/2 always hand it over
 */
public record LayerCall(List<TensorRef> inputs, Map<String, Object> kwargs, boolean receivesMask) {
    public LayerCall {
        inputs = List.copyOf(inputs);
        kwargs = Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
    }

    /** A call that receives its input's mask. */
    public LayerCall(List<TensorRef> inputs, Map<String, Object> kwargs) {
        this(inputs, kwargs, true);
    }

    /** A call reading these tensors, without keyword arguments. */
    public LayerCall(List<TensorRef> inputs) {
        this(inputs, Map.of());
    }
}
