package dev.keras2j.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model as read from a file, before checking: its layers in evaluation order, its inputs and outputs,
 * and each layer's raw weight arrays in the order the file lists them (already converted to Keras 3's
 * layouts by the dialect reader).
 *
 * @param source       the file the model came from, for messages
 * @param format       the serialization
 * @param kerasVersion the {@code keras_version} recorded by the file, or {@code null}
 * @param backend      the {@code backend} recorded by the file, or {@code null}
 * @param modelClass   {@code Sequential}, {@code Functional} or {@code Model}
 * @param inputs       the model inputs
 * @param layers       every layer except input layers, each once with all its calls (the checker orders the
 *                     calls so that each follows what it reads)
 * @param outputs      the tensors that are the model's outputs, in Keras's order
 * @param weights      layer name to its weights, positional, once per layer however often it is called
 */
public record ModelSpec(String source, ModelFormat format, String kerasVersion, String backend, String modelClass,
                        List<InputSpec> inputs, List<LayerNode> layers, List<TensorRef> outputs,
                        Map<String, List<NdArray>> weights) {
    public ModelSpec {
        inputs = List.copyOf(inputs);
        layers = List.copyOf(layers);
        outputs = List.copyOf(outputs);
        weights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    }

    /** The major Keras version (1, 2 or 3) of {@link #kerasVersion()}, 2 when the file does not say. */
    public int kerasMajorVersion() {
        return KerasVersion.major(kerasVersion);
    }
}
