package dev.keras2j.keras;

import dev.keras2j.model.InputSpec;
import dev.keras2j.model.LayerCall;
import dev.keras2j.model.LayerNode;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.ModelFormatException;
import dev.keras2j.model.TensorRef;
import dev.keras2j.model.UnsupportedModelException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a Functional model: its input layers, every other layer with its calls as its {@code inbound_nodes}
 * give them, nested models flattened into the graph, and the output tensors. Layer names must be unique
 * once nested models are flattened, as the weights are keyed by them.
 */
final class FunctionalConfig {
    private final ModelConfigReader reader;
    private final String source;

    FunctionalConfig(ModelConfigReader reader) {
        this.reader = reader;
        this.source = reader.source;
    }

    ParsedModel read(String cls, Map<String, Object> config, boolean th) {
        List<Object> layerList = KerasJson.list(config.get("layers"), source, ": model 'layers'");
        List<ParsedModel.SavedLayer> saved = new ArrayList<>();
        Map<String, InputSpec> inputs = new LinkedHashMap<>();
        Map<String, LayerNode> nodes = new LinkedHashMap<>();
        NestedModels nested = new NestedModels(source, reader.major);
        List<String> order = new ArrayList<>();
        TfOpLambdas tfOps = new TfOpLambdas(source);
        for (Object o : layerList) {
            Map<String, Object> layer = KerasJson.map(o, source, ": a model layer");
            String layerCls = KerasJson.string(layer, "class_name", source, ": a model layer");
            if (TfOpLambdas.handles(layerCls)) {
                // tf.keras's TensorFlow-function layers become the operation they name, in the Keras 2 form.
                layer = tfOps.translate(layer);
            }
            Map<String, Object> raw = KerasJson.mapOrEmpty(layer.get("config"), source, ": layer ", layerCls);
            if (layerCls.equals("InputLayer")) {
                InputSpec in = reader.inputLayers.inputLayer(layer, raw);
                if (inputs.put(in.name(), in) != null) {
                    throw new UnsupportedModelException(source + ": input '" + in.name() + "' appears twice");
                }
                saved.add(new ParsedModel.SavedLayer(in.name(), layerCls, true));
                continue;
            }
            if (ModelConfigReader.MODEL_CLASSES.contains(layerCls)) {
                ParsedModel inner = reader.nestedModel(layer);
                String innerName = ModelConfigReader.nestedName(layer, layerCls);
                String who = innerName + " (" + layerCls + ")";
                if (nodes.containsKey(innerName) || inputs.containsKey(innerName) || nested.contains(innerName)) {
                    throw new UnsupportedModelException(source + ": " + who + ": the layer name appears twice in the model");
                }
                nested.add(innerName, layerCls, inner, reader.inboundNodes.calls(who, layer.get("inbound_nodes")));
                saved.add(new ParsedModel.SavedLayer(innerName, layerCls, false, inner));
                order.add(innerName);
                continue;
            }
            LayerSpec spec = reader.spec(layer);
            String name = spec.name();
            if (layer.get("name") instanceof String outer && !outer.equals(name)) {
                throw new ModelFormatException(source + ": layer '" + outer + "' has config name '" + name + "'");
            }
            List<LayerCall> calls = reader.inboundNodes.calls(spec.describe(), layer.get("inbound_nodes"));
            if (nodes.containsKey(name) || inputs.containsKey(name) || nested.contains(name)) {
                throw new UnsupportedModelException(source + ": " + spec.describe() + ": the layer name appears twice in the model");
            }
            saved.add(new ParsedModel.SavedLayer(name, layerCls, false));
            nodes.put(name, LayerNode.called(spec, calls));
            order.add(name);
        }
        List<InputSpec> orderedInputs = new ArrayList<>();
        for (TensorRef ref : reader.inboundNodes.endpoints(config.get("input_layers"), "input_layers")) {
            InputSpec in = inputs.get(ref.layer());
            if (in == null || !ref.isFirst()) {
                throw new UnsupportedModelException(source + ": model input '" + ref + "' is not an InputLayer of the model");
            }
            orderedInputs.add(in);
        }
        if (orderedInputs.isEmpty()) {
            orderedInputs.addAll(inputs.values());
        }
        List<TensorRef> outputRefs = reader.inboundNodes.endpoints(config.get("output_layers"), "output_layers");
        nodes.values().forEach(n -> n.calls().forEach(c -> c.inputs().forEach(nested::noteReference)));
        nested.callReferences().forEach(nested::noteReference);
        outputRefs.forEach(nested::noteReference);
        // Each nested model's layers take its place in the config's order, which keeps the graph's natural order.
        List<LayerNode> layers = new ArrayList<>();
        java.util.Set<String> flattenedNames = new java.util.HashSet<>();
        for (String name : order) {
            LayerNode n = nodes.get(name);
            if (n != null) {
                layers.add(nested.isEmpty() ? n : n.withCalls(n.calls().stream().map(nested::resolve).toList()));
                continue;
            }
            for (LayerNode inner : nested.flattenedLayers(name)) {
                if (nodes.containsKey(inner.name()) || inputs.containsKey(inner.name()) || nested.contains(inner.name())
                        || !flattenedNames.add(inner.name())) {
                    throw nameTwice(source, "nested model '" + name + "'", inner);
                }
                layers.add(inner);
            }
        }
        List<TensorRef> outputs = outputRefs.stream().map(r -> nested.resolve(nested.toCall(r, true))).toList();
        for (TensorRef out : outputs) {
            boolean known = nodes.containsKey(out.layer()) || inputs.containsKey(out.layer())
                    || flattenedNames.contains(out.layer());
            if (!known) {
                throw new ModelFormatException(source + ": model output '" + out + "' is not a layer of the model");
            }
        }
        return new ParsedModel(cls, orderedInputs, layers, outputs, saved, reader.major, th);
    }

    static UnsupportedModelException nameTwice(String source, String who, LayerNode n) {
        return new UnsupportedModelException(source + ": " + n.spec().describe() + " of " + who
                + ": the layer name appears twice in the model once the nested model is flattened into it");
    }
}
