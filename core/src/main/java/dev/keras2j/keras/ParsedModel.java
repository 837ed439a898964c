package dev.keras2j.keras;

import dev.keras2j.model.InputSpec;
import dev.keras2j.model.LayerNode;
import dev.keras2j.model.TensorRef;

import java.util.List;

/**
 * A model config read into keras2j's graph, before weights are attached.
 *
 * @param modelClass       {@code Sequential}, {@code Functional} or {@code Model}
 * @param inputs           the model inputs in Keras's order
 * @param layers           the non-input layers, each once with its calls, nested models flattened
 * @param outputs          the output tensors
 * @param savedLayers      every layer as Keras 3 tracks it in a weights file (name and original class),
 *                         used to find a layer's group when the file does not record its name
 * @param kerasMajor       the Keras major version used for translation
 * @param keras1Theano     a Keras 1 config with {@code dim_ordering: "th"}, i.e. a Theano-trained model
 */
record ParsedModel(String modelClass, List<InputSpec> inputs, List<LayerNode> layers, List<TensorRef> outputs,
                   List<SavedLayer> savedLayers, int kerasMajor, boolean keras1Theano) {

    /**
     * A layer as listed in the config: its name, the class the file names, whether it is an input, and for a
     * model nested inside the model, that model as read (its layers are flattened into the outer graph, but
     * weights files keep them in the nested model's own group), else {@code null}.
     */
    record SavedLayer(String name, String className, boolean input, ParsedModel nested) {
        SavedLayer(String name, String className, boolean input) {
            this(name, className, input, null);
        }
    }
}
