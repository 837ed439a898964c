package dev.keras2j.keras;

import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.model.layer.LayerSpecs;

import java.util.Map;
import java.util.Set;

/**
 * Reads a serialized model config ({@code model_config}, {@code config.json} or {@code to_json()} output) of
 * any Keras dialect into a {@link ParsedModel}: inputs, layers with their calls, output tensors. It
 * dispatches on the model class ({@link SequentialConfig}, {@link FunctionalConfig}); nested models are read
 * by a reader of their own and flattened ({@link NestedModels}).
 */
final class ModelConfigReader {
    /** Classes that are models, read as nested models when they appear as layers. */
    static final Set<String> MODEL_CLASSES = Set.of("Sequential", "Functional", "Model");

    final String source;
    final int major;
    final InputLayers inputLayers;
    final InboundNodes inboundNodes;
    private final LayerConfigTranslator translator;

    private ModelConfigReader(String source, int major) {
        this.source = source;
        this.major = major;
        this.translator = new LayerConfigTranslator(source, major);
        this.inputLayers = new InputLayers(source);
        this.inboundNodes = new InboundNodes(source);
    }

    /** Reads the model config {@code root} (the parsed JSON object with {@code class_name} and {@code config}). */
    static ParsedModel read(Object root, int major, String source) {
        return new ModelConfigReader(source, major).readRoot(root);
    }

    private ParsedModel readRoot(Object rootObj) {
        Map<String, Object> root = KerasJson.map(rootObj, source);
        String cls = KerasJson.string(root, "class_name", source);
        Object config = root.get("config");
        boolean th = major == 1 && KerasDialect.hasThDimOrdering(config);
        if (cls.equals("Sequential")) {
            return new SequentialConfig(this).read(root, config, th);
        }
        if (cls.equals("Functional") || cls.equals("Model")) {
            return new FunctionalConfig(this).read(cls, KerasJson.map(config, source, ": model config"), th);
        }
        throw new UnsupportedModelException(source + ": the top-level class '" + cls
                + "' is not a Keras Sequential or Functional model (a subclassed model cannot be read from its config)");
    }

    /** The spec of a serialized (non-model, non-input) layer. */
    LayerSpec spec(Map<String, Object> layer) {
        return LayerSpecs.create(translator.translate(layer));
    }

    /** Reads a model nested inside the model as a model of its own (itself flattened). */
    ParsedModel nestedModel(Map<String, Object> layer) {
        return new ModelConfigReader(source, major).readRoot(layer);
    }

    /** The name of a nested model as its config gives it. */
    static String nestedName(Map<String, Object> layer, String cls) {
        return layer.get("config") instanceof Map<?, ?> c && c.get("name") instanceof String s ? s : cls;
    }
}
