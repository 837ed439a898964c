package dev.keras2j.keras;

import dev.keras2j.model.InputSpec;
import dev.keras2j.model.LayerCall;
import dev.keras2j.model.LayerNode;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.ModelFormatException;
import dev.keras2j.model.Shape;
import dev.keras2j.model.TensorRef;
import dev.keras2j.model.UnsupportedModelException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a Sequential model: each layer called once on its predecessor's output. The input is its
 * {@code InputLayer}, or the shape its first layer declares or its build config records; a nested model
 * is called once, on one tensor, and must give one.
 */
final class SequentialConfig {
    private final ModelConfigReader reader;
    private final String source;

    SequentialConfig(ModelConfigReader reader) {
        this.reader = reader;
        this.source = reader.source;
    }

    ParsedModel read(Map<String, Object> root, Object config, boolean th) {
        List<Object> layerList;
        Map<String, Object> modelConfig = Map.of();
        if (config instanceof List<?>) {
            layerList = KerasJson.list(config, source);
        } else {
            modelConfig = KerasJson.map(config, source, ": Sequential config");
            layerList = KerasJson.list(modelConfig.get("layers"), source, ": Sequential 'layers'");
        }
        List<ParsedModel.SavedLayer> saved = new ArrayList<>();
        InputSpec input = null;
        List<LayerNode> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        TensorRef previous = null;
        for (Object o : layerList) {
            Map<String, Object> layer = KerasJson.map(o, source, ": a Sequential layer");
            String cls = KerasJson.string(layer, "class_name", source, ": a Sequential layer");
            Map<String, Object> raw = KerasJson.mapOrEmpty(layer.get("config"), source, ": layer ", cls);
            if (cls.equals("InputLayer")) {
                if (input != null || !nodes.isEmpty()) {
                    throw new UnsupportedModelException(source + ": an InputLayer in the middle of a Sequential model is not supported");
                }
                input = reader.inputLayers.inputLayer(layer, raw);
                saved.add(new ParsedModel.SavedLayer(input.name(), cls, true));
                previous = TensorRef.of(input.name());
                continue;
            }
            if (ModelConfigReader.MODEL_CLASSES.contains(cls)) {
                ParsedModel inner = reader.nestedModel(layer);
                String name = ModelConfigReader.nestedName(layer, cls);
                String who = name + " (" + cls + ")";
                if (inner.inputs().size() != 1 || inner.outputs().size() != 1) {
                    throw new UnsupportedModelException(source + ": " + who + ": a model with " + inner.inputs().size()
                            + " inputs and " + inner.outputs().size() + " outputs cannot be a layer of a Sequential model");
                }
                if (input == null) {
                    input = inner.inputs().get(0);
                    previous = TensorRef.of(input.name());
                }
                NestedModels nested = new NestedModels(source, 3); // calls made here count from 0
                nested.add(name, cls, inner, List.of(new LayerCall(List.of(previous))));
                for (LayerNode n : nested.flattenedLayers()) {
                    if (!names.add(n.name()) || n.name().equals(input.name())) {
                        throw FunctionalConfig.nameTwice(source, who, n);
                    }
                    nodes.add(n);
                }
                saved.add(new ParsedModel.SavedLayer(name, cls, false, inner));
                previous = nested.resolve(new TensorRef(name, 0, 0));
                continue;
            }
            LayerSpec spec = reader.spec(layer);
            if (input == null) {
                Shape shape = reader.inputLayers.declaredInputShape(raw, cls);
                if (shape == null) {
                    shape = reader.inputLayers.buildInputShape(root, modelConfig, layer);
                }
                if (shape == null) {
                    throw new UnsupportedModelException(source + ": the Sequential model declares no input shape "
                            + "(its first layer " + spec.describe() + " has no batch_input_shape and the model was never built)");
                }
                input = new InputSpec(spec.name() + "_input", shape, InputLayers.inputDtype(raw));
                previous = TensorRef.of(input.name());
            }
            if (!names.add(spec.name())) {
                throw new UnsupportedModelException(source + ": " + spec.describe() + ": the layer name appears twice in the model");
            }
            saved.add(new ParsedModel.SavedLayer(spec.name(), cls, false));
            nodes.add(LayerNode.called(spec, List.of(new LayerCall(List.of(previous)))));
            previous = TensorRef.of(spec.name());
        }
        if (input == null) {
            throw new ModelFormatException(source + ": the Sequential model has no layers");
        }
        return new ParsedModel("Sequential", List.of(input), nodes, List.of(previous), saved, reader.major, th);
    }
}
