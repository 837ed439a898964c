package dev.keras2j.keras;

import dev.keras2j.model.InputSpec;
import dev.keras2j.model.KerasVersion;
import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerNode;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.ModelFormatException;
import dev.keras2j.model.Shape;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.model.layer.LayerSpecs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a serialized model config ({@code model_config}, {@code config.json} or {@code to_json()} output) of
 * any Keras dialect into a {@link ParsedModel}: inputs, layer specs with their inbound layer names, outputs.
 */
final class ModelConfigReader {
    private static final Set<String> MODEL_CLASSES = Set.of("Sequential", "Functional", "Model");

    private final String source;
    private final int major;
    private final LayerConfigTranslator translator;
    private final List<ParsedModel.SavedLayer> saved = new ArrayList<>();

    private ModelConfigReader(String source, int major) {
        this.source = source;
        this.major = major;
        this.translator = new LayerConfigTranslator(source, major);
    }

    /**
     * The Keras major version for a config: from the recorded version, or 1 when the file records none and
     * uses Keras-1-only option names, else 2.
     */
    static int majorVersion(Object root, String recordedVersion) {
        if (recordedVersion != null && !recordedVersion.isBlank()) {
            return KerasVersion.major(recordedVersion);
        }
        return usesKeras1Options(root) ? 1 : 2;
    }

    private static boolean usesKeras1Options(Object node) {
        if (node instanceof Map<?, ?> m) {
            if (m.get("class_name") instanceof String cls && m.get("config") instanceof Map<?, ?> cfg
                    && LayerConfigTranslator.looksLikeKeras1(cls, KerasJson.asMap(cfg))) {
                return true;
            }
            for (Object v : m.values()) {
                if (usesKeras1Options(v)) {
                    return true;
                }
            }
        } else if (node instanceof List<?> l) {
            for (Object v : l) {
                if (usesKeras1Options(v)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Reads the model config {@code root} (the parsed JSON object with {@code class_name} and {@code config}). */
    static ParsedModel read(Object root, int major, String source) {
        return new ModelConfigReader(source, major).readRoot(root);
    }

    private ParsedModel readRoot(Object rootObj) {
        Map<String, Object> root = KerasJson.map(rootObj, source);
        String cls = KerasJson.string(root, "class_name", source);
        Object config = root.get("config");
        boolean th = major == 1 && hasThDimOrdering(config);
        if (cls.equals("Sequential")) {
            return sequential(root, config, th);
        }
        if (cls.equals("Functional") || cls.equals("Model")) {
            return functional(cls, KerasJson.map(config, source, ": model config"), th);
        }
        throw new UnsupportedModelException(source + ": the top-level class '" + cls
                + "' is not a Keras Sequential or Functional model (a subclassed model cannot be read from its config)");
    }

    private static boolean hasThDimOrdering(Object node) {
        if (node instanceof Map<?, ?> m) {
            if ("th".equals(m.get("dim_ordering"))) {
                return true;
            }
            return m.values().stream().anyMatch(ModelConfigReader::hasThDimOrdering);
        }
        if (node instanceof List<?> l) {
            return l.stream().anyMatch(ModelConfigReader::hasThDimOrdering);
        }
        return false;
    }

    private ParsedModel sequential(Map<String, Object> root, Object config, boolean th) {
        List<Object> layerList;
        Map<String, Object> modelConfig = Map.of();
        if (config instanceof List<?>) {
            layerList = KerasJson.list(config, source);
        } else {
            modelConfig = KerasJson.map(config, source, ": Sequential config");
            layerList = KerasJson.list(modelConfig.get("layers"), source, ": Sequential 'layers'");
        }
        InputSpec input = null;
        List<LayerNode> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        String previous = null;
        for (Object o : layerList) {
            Map<String, Object> layer = KerasJson.map(o, source, ": a Sequential layer");
            String cls = KerasJson.string(layer, "class_name", source, ": a Sequential layer");
            Map<String, Object> raw = KerasJson.mapOrEmpty(layer.get("config"), source, ": layer ", cls);
            if (cls.equals("InputLayer")) {
                if (input != null || !nodes.isEmpty()) {
                    throw new UnsupportedModelException(source + ": an InputLayer in the middle of a Sequential model is not supported");
                }
                input = inputLayer(layer, raw);
                saved.add(new ParsedModel.SavedLayer(input.name(), cls, true));
                previous = input.name();
                continue;
            }
            if (MODEL_CLASSES.contains(cls)) {
                ParsedModel inner = nestedModel(layer, cls);
                String who = nestedName(layer, cls) + " (" + cls + ")";
                if (input == null) {
                    input = inner.inputs().get(0);
                    previous = input.name();
                }
                Flattened flat = flatten(inner, previous);
                for (LayerNode n : flat.nodes()) {
                    if (!names.add(n.name()) || n.name().equals(input.name())) {
                        throw nameTwice(who, n);
                    }
                    nodes.add(n);
                }
                saved.add(new ParsedModel.SavedLayer(nestedName(layer, cls), cls, false, inner));
                previous = flat.output();
                continue;
            }
            LayerSpec spec = spec(layer, cls);
            if (input == null) {
                Shape shape = declaredInputShape(raw, cls);
                if (shape == null) {
                    shape = buildInputShape(root, modelConfig, layer);
                }
                if (shape == null) {
                    throw new UnsupportedModelException(source + ": the Sequential model declares no input shape "
                            + "(its first layer " + spec.describe() + " has no batch_input_shape and the model was never built)");
                }
                input = new InputSpec(spec.name() + "_input", shape, inputDtype(raw));
                previous = input.name();
            }
            if (!names.add(spec.name())) {
                throw new UnsupportedModelException(source + ": " + spec.describe() + ": the layer name appears twice in the model");
            }
            saved.add(new ParsedModel.SavedLayer(spec.name(), cls, false));
            nodes.add(new LayerNode(spec, List.of(previous)));
            previous = spec.name();
        }
        if (input == null) {
            throw new ModelFormatException(source + ": the Sequential model has no layers");
        }
        List<String> outputs = nodes.isEmpty() ? List.of(input.name()) : List.of(previous);
        return new ParsedModel("Sequential", List.of(input), nodes, outputs, saved, major, th);
    }

    private Shape buildInputShape(Map<String, Object> root, Map<String, Object> modelConfig, Map<String, Object> firstLayer) {
        Object s = modelConfig.get("build_input_shape");
        if (s == null && root.get("build_config") instanceof Map<?, ?> bc) {
            s = bc.get("input_shape");
        }
        if (s == null && firstLayer.get("build_config") instanceof Map<?, ?> bc) {
            s = bc.get("input_shape");
        }
        if (s instanceof List<?> l && !l.isEmpty() && !(l.get(0) instanceof List<?>)) {
            return KerasJson.batchShape(s, source, ": build input shape");
        }
        return null;
    }

    /** The input shape a Keras 1/2 first layer declares, without the batch axis, or {@code null}. */
    private Shape declaredInputShape(Map<String, Object> raw, String cls) {
        String what = source + ": input shape of the first layer";
        if (raw.get("batch_input_shape") != null) {
            return KerasJson.batchShape(raw.get("batch_input_shape"), what);
        }
        if (raw.get("batch_shape") != null) {
            return KerasJson.batchShape(raw.get("batch_shape"), what);
        }
        if (raw.get("input_shape") != null) {
            return KerasJson.shape(KerasJson.list(raw.get("input_shape"), what), what);
        }
        if (cls.equals("Embedding")) {
            Object len = raw.get("input_length");
            return raw.containsKey("input_length") ? Shape.of(len == null ? Shape.UNKNOWN : KerasJson.integer(len, what)) : null;
        }
        if (raw.get("input_dim") != null) {
            int dim = KerasJson.integer(raw.get("input_dim"), what);
            if (raw.containsKey("input_length")) {
                Object len = raw.get("input_length");
                return Shape.of(len == null ? Shape.UNKNOWN : KerasJson.integer(len, what), dim);
            }
            return Shape.of(dim);
        }
        return null;
    }

    private static String inputDtype(Map<String, Object> raw) {
        for (String key : List.of("input_dtype", "dtype")) {
            String d = LayerConfigTranslator.dtypePolicyName(raw.get(key));
            if (d != null && (d.startsWith("int") || d.startsWith("uint"))) {
                return d;
            }
        }
        return "float32";
    }

    private InputSpec inputLayer(Map<String, Object> layer, Map<String, Object> raw) {
        String name = raw.get("name") instanceof String s ? s : KerasJson.string(layer, "name", source, ": an InputLayer");
        String what = source + ": InputLayer '" + name + "'";
        Shape shape;
        if (raw.get("batch_input_shape") != null) {
            shape = KerasJson.batchShape(raw.get("batch_input_shape"), what);
        } else if (raw.get("batch_shape") != null) {
            shape = KerasJson.batchShape(raw.get("batch_shape"), what);
        } else if (raw.get("input_shape") != null) {
            shape = KerasJson.shape(KerasJson.list(raw.get("input_shape"), what), what);
        } else {
            throw new ModelFormatException(what + " declares no shape");
        }
        if (Boolean.TRUE.equals(raw.get("sparse")) || Boolean.TRUE.equals(raw.get("ragged"))) {
            throw new UnsupportedModelException(what + ": sparse and ragged inputs are not supported");
        }
        String dtype = LayerConfigTranslator.dtypePolicyName(raw.get("dtype"));
        if (dtype == null) {
            dtype = LayerConfigTranslator.dtypePolicyName(raw.get("input_dtype"));
        }
        if (dtype != null && !dtype.equals("float32") && !dtype.startsWith("int") && !dtype.startsWith("uint")) {
            throw new UnsupportedModelException(what + ": input dtype '" + dtype + "' is refused: keras2j computes in float32 only");
        }
        return new InputSpec(name, shape, dtype == null ? "float32" : dtype);
    }

    private LayerSpec spec(Map<String, Object> layer, String cls) {
        LayerConfig config = translator.translate(layer);
        return LayerSpecs.create(config);
    }

    private ParsedModel functional(String cls, Map<String, Object> config, boolean th) {
        List<Object> layerList = KerasJson.list(config.get("layers"), source, ": model 'layers'");
        Map<String, InputSpec> inputs = new LinkedHashMap<>();
        Map<String, LayerNode> nodes = new LinkedHashMap<>();
        Map<String, String> aliases = new HashMap<>();
        for (Object o : layerList) {
            Map<String, Object> layer = KerasJson.map(o, source, ": a model layer");
            String layerCls = KerasJson.string(layer, "class_name", source, ": a model layer");
            Map<String, Object> raw = KerasJson.mapOrEmpty(layer.get("config"), source, ": layer ", layerCls);
            if (layerCls.equals("InputLayer")) {
                InputSpec in = inputLayer(layer, raw);
                if (inputs.put(in.name(), in) != null) {
                    throw new UnsupportedModelException(source + ": input '" + in.name() + "' appears twice");
                }
                saved.add(new ParsedModel.SavedLayer(in.name(), layerCls, true));
                continue;
            }
            if (MODEL_CLASSES.contains(layerCls)) {
                ParsedModel inner = nestedModel(layer, layerCls);
                String innerName = nestedName(layer, layerCls);
                String who = innerName + " (" + layerCls + ")";
                List<String> feed = inbound(who, layer.get("inbound_nodes"));
                if (feed.size() != 1) {
                    throw new UnsupportedModelException(source + ": " + who + ": the nested model is called on "
                            + feed.size() + " tensors; only a nested model with one input and one output is supported");
                }
                if (nodes.containsKey(innerName) || inputs.containsKey(innerName) || aliases.containsKey(innerName)) {
                    throw new UnsupportedModelException(source + ": " + who + ": the layer name appears twice in the model");
                }
                Flattened flat = flatten(inner, feed.get(0));
                for (LayerNode n : flat.nodes()) {
                    if (nodes.containsKey(n.name()) || inputs.containsKey(n.name()) || aliases.containsKey(n.name())
                            || n.name().equals(innerName)) {
                        throw nameTwice(who, n);
                    }
                    nodes.put(n.name(), n);
                }
                aliases.put(innerName, flat.output());
                saved.add(new ParsedModel.SavedLayer(innerName, layerCls, false, inner));
                continue;
            }
            LayerSpec spec = spec(layer, layerCls);
            String name = spec.name();
            if (layer.get("name") instanceof String outer && !outer.equals(name)) {
                throw new ModelFormatException(source + ": layer '" + outer + "' has config name '" + name + "'");
            }
            List<String> inbound = inbound(spec.describe(), layer.get("inbound_nodes"));
            if (nodes.containsKey(name) || inputs.containsKey(name) || aliases.containsKey(name)) {
                throw new UnsupportedModelException(source + ": " + spec.describe() + ": the layer name appears twice in the model");
            }
            saved.add(new ParsedModel.SavedLayer(name, layerCls, false));
            nodes.put(name, new LayerNode(spec, inbound));
        }
        List<String> inputOrder = endpoints(config.get("input_layers"), "input_layers");
        List<InputSpec> orderedInputs = new ArrayList<>();
        for (String n : inputOrder) {
            InputSpec in = inputs.get(n);
            if (in == null) {
                throw new UnsupportedModelException(source + ": model input '" + n + "' is not an InputLayer of the model");
            }
            orderedInputs.add(in);
        }
        if (orderedInputs.isEmpty()) {
            orderedInputs.addAll(inputs.values());
        }
        if (!aliases.isEmpty()) {
            for (var e : nodes.entrySet()) {
                LayerNode n = e.getValue();
                e.setValue(new LayerNode(n.spec(), n.inbound().stream().map(i -> resolve(aliases, i)).toList()));
            }
        }
        List<String> outputs = endpoints(config.get("output_layers"), "output_layers").stream()
                .map(out -> resolve(aliases, out)).toList();
        for (String out : outputs) {
            if (!nodes.containsKey(out) && !inputs.containsKey(out)) {
                throw new ModelFormatException(source + ": model output '" + out + "' is not a layer of the model");
            }
        }
        return new ParsedModel(cls, orderedInputs, topological(nodes, inputs.keySet()), outputs, saved, major, th);
    }

    /** The layer a reference to a nested model's name stands for: the nested model's output layer. */
    private static String resolve(Map<String, String> aliases, String name) {
        String r = name;
        for (int guard = 0; aliases.containsKey(r) && guard <= aliases.size(); guard++) {
            r = aliases.get(r);
        }
        return r;
    }

    private static String nestedName(Map<String, Object> layer, String cls) {
        return layer.get("config") instanceof Map<?, ?> c && c.get("name") instanceof String s ? s : cls;
    }

    /** Reads a model nested inside the model as a model of its own (itself flattened). */
    private ParsedModel nestedModel(Map<String, Object> layer, String cls) {
        String who = nestedName(layer, cls) + " (" + cls + ")";
        ParsedModel inner = new ModelConfigReader(source, major).readRoot(layer);
        if (inner.inputs().size() != 1 || inner.outputs().size() != 1) {
            throw new UnsupportedModelException(source + ": " + who + ": a nested model with " + inner.inputs().size()
                    + " inputs and " + inner.outputs().size() + " outputs is not supported; "
                    + "only a nested model with one input and one output is");
        }
        return inner;
    }

    /** A nested model's layers wired to the outer graph, and the layer that gives its output. */
    private record Flattened(List<LayerNode> nodes, String output) {
    }

    /**
     * Flattens a nested model: its layers keep their names and read {@code feed}, the tensor the outer
     * model passes to it, where they read the nested model's input.
     */
    private static Flattened flatten(ParsedModel inner, String feed) {
        String innerInput = inner.inputs().get(0).name();
        List<LayerNode> out = new ArrayList<>();
        for (LayerNode n : inner.layers()) {
            out.add(new LayerNode(n.spec(), n.inbound().stream().map(i -> i.equals(innerInput) ? feed : i).toList()));
        }
        String output = inner.outputs().get(0);
        return new Flattened(out, output.equals(innerInput) ? feed : output);
    }

    private UnsupportedModelException nameTwice(String who, LayerNode n) {
        return new UnsupportedModelException(source + ": " + n.spec().describe() + " of the nested model " + who
                + ": the layer name appears twice in the model once the nested model is flattened into it");
    }

    /** Layer nodes ordered so that each follows its inbound layers (Keras lists them so already, almost always). */
    private List<LayerNode> topological(Map<String, LayerNode> nodes, Set<String> inputs) {
        List<LayerNode> out = new ArrayList<>();
        Set<String> done = new HashSet<>(inputs);
        List<LayerNode> pending = new ArrayList<>(nodes.values());
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (var it = pending.iterator(); it.hasNext(); ) {
                LayerNode n = it.next();
                if (done.containsAll(n.inbound())) {
                    out.add(n);
                    done.add(n.name());
                    it.remove();
                    progress = true;
                }
            }
            if (!progress) {
                LayerNode n = pending.get(0);
                List<String> missing = n.inbound().stream().filter(i -> !done.contains(i)).toList();
                throw new ModelFormatException(source + ": layer " + n.spec().describe() + " reads " + missing
                        + ", which is neither a model input nor a layer that can be computed before it");
            }
        }
        return out;
    }

    private List<String> inbound(String who, Object inboundNodes) {
        if (inboundNodes == null) {
            throw new ModelFormatException(source + ": " + who + ": inbound_nodes is missing");
        }
        List<Object> calls = KerasJson.list(inboundNodes, source, ": ", who, ": inbound_nodes");
        if (calls.isEmpty()) {
            throw new UnsupportedModelException(source + ": " + who + ": the layer is not connected to the model (no inbound nodes)");
        }
        if (calls.size() > 1) {
            throw new UnsupportedModelException(source + ": " + who + ": the layer is shared (called "
                    + calls.size() + " times); shared layers are not supported");
        }
        Object call = calls.get(0);
        List<String> names = new ArrayList<>();
        if (call instanceof Map<?, ?> m) {
            // Keras 3: {"args": [...], "kwargs": {...}} holding __keras_tensor__ objects.
            collectKerasTensors(m.get("args"), names, who);
            List<String> kwTensors = new ArrayList<>();
            collectKerasTensors(m.get("kwargs"), kwTensors, who);
            if (!kwTensors.isEmpty()) {
                throw new UnsupportedModelException(source + ": " + who + ": the layer is called with tensors "
                        + kwTensors + " as keyword arguments (mask, initial_state, ...), which is not supported");
            }
        } else {
            for (Object entry : KerasJson.list(call, source, ": ", who, ": inbound_nodes")) {
                List<Object> ref = KerasJson.list(entry, source, ": ", who, ": inbound_nodes");
                if (ref.size() < 3) {
                    throw new ModelFormatException(source + ": " + who + ": inbound_nodes: malformed entry " + KerasJson.brief(ref));
                }
                names.add(reference(ref, who));
                if (ref.size() > 3 && ref.get(3) instanceof Map<?, ?> kwargs) {
                    for (var e : kwargs.entrySet()) {
                        if (e.getValue() instanceof List<?>) {
                            throw new UnsupportedModelException(source + ": " + who + ": the layer is called with the tensor argument '"
                                    + e.getKey() + "', which is not supported");
                        }
                    }
                }
            }
        }
        if (names.isEmpty()) {
            throw new ModelFormatException(source + ": " + who + ": inbound_nodes name no input tensor");
        }
        return names;
    }

    private void collectKerasTensors(Object o, List<String> out, String who) {
        if (o instanceof Map<?, ?> m) {
            if ("__keras_tensor__".equals(m.get("class_name"))) {
                Map<String, Object> cfg = KerasJson.map(m.get("config"), source, ": ", who, ": a tensor reference");
                out.add(reference(KerasJson.list(cfg.get("keras_history"), source, ": ", who, ": keras_history"), who));
                return;
            }
            for (Object v : m.values()) {
                collectKerasTensors(v, out, who);
            }
        } else if (o instanceof List<?> l) {
            for (Object v : l) {
                collectKerasTensors(v, out, who);
            }
        }
    }

    /** The layer name of a {@code [name, node_index, tensor_index]} reference, refusing shared or multi-output layers. */
    private String reference(List<Object> ref, String who) {
        if (ref.size() < 3 || !(ref.get(0) instanceof String name)) {
            throw new ModelFormatException(source + ": " + who + ": input reference " + KerasJson.brief(ref) + " is malformed");
        }
        int node = KerasJson.integer(ref.get(1), source, ": ", who, ": input reference ", ref);
        int tensor = KerasJson.integer(ref.get(2), source, ": ", who, ": input reference ", ref);
        if (node != 0) {
            throw new UnsupportedModelException(source + ": " + who + ": reads call #" + node + " of layer '" + name
                    + "', a shared layer; shared layers are not supported");
        }
        if (tensor != 0) {
            throw new UnsupportedModelException(source + ": " + who + ": reads output #" + tensor + " of layer '" + name
                    + "'; layers with several outputs are not supported");
        }
        return name;
    }

    private List<String> endpoints(Object v, String key) {
        String what = source + ": model '" + key + "'";
        if (v == null) {
            throw new ModelFormatException(what + " is missing");
        }
        List<Object> l = KerasJson.list(v, what);
        if (l.isEmpty()) {
            throw new ModelFormatException(what + " is empty: a model needs at least one " + (key.startsWith("input") ? "input" : "output"));
        }
        List<String> out = new ArrayList<>();
        if (!l.isEmpty() && l.get(0) instanceof String) {
            // Keras 3 writes a single endpoint as one reference instead of a list of references.
            out.add(endpoint(l, what));
            return out;
        }
        for (Object e : l) {
            out.add(endpoint(KerasJson.list(e, what), what));
        }
        return out;
    }

    private String endpoint(List<Object> ref, String what) {
        if (ref.size() < 3 || !(ref.get(0) instanceof String name)) {
            throw new ModelFormatException(what + ": malformed reference " + KerasJson.brief(ref));
        }
        if (KerasJson.integer(ref.get(1), what) != 0 || KerasJson.integer(ref.get(2), what) != 0) {
            throw new UnsupportedModelException(what + ": " + KerasJson.brief(ref)
                    + " refers to a shared or multi-output layer, which is not supported");
        }
        return name;
    }
}
