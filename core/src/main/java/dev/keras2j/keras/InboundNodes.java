package dev.keras2j.keras;

import dev.keras2j.model.LayerCall;
import dev.keras2j.model.ModelFormatException;
import dev.keras2j.model.TensorRef;
import dev.keras2j.model.UnsupportedModelException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a layer's {@code inbound_nodes} (one entry per call) and a model's {@code input_layers} /
 * {@code output_layers} into {@link LayerCall}s and {@link TensorRef}s, in each dialect's form:
 * <ul>
 *   <li>Keras 1: a call is a list of {@code [name, node_index, tensor_index]};</li>
 *   <li>Keras 2 and tf.keras: a call is a list of {@code [name, node_index, tensor_index, kwargs]}, the
 *       keyword arguments holding tensors as such lists;</li>
 *   <li>Keras 3: a call is {@code {"args": [...], "kwargs": {...}}} holding {@code __keras_tensor__}
 *       objects whose {@code keras_history} is {@code [name, node_index, tensor_index]}.</li>
 * </ul>
 * A recurrent layer's {@code initial_state}, passed by keyword, becomes further inputs after the sequence
 * (Keras 2 records it that way already); attention's {@code query}, {@code value} and {@code key} passed by
 * keyword follow the positional inputs in that order. Any other tensor passed by keyword ({@code mask}, ...)
 * is refused.
 */
final class InboundNodes {
    /** Keyword arguments whose tensors are appended to the call's inputs, in this order. */
    private static final List<String> TENSOR_KWARGS = List.of("query", "value", "key", "initial_state");

    private final String source;

    InboundNodes(String source) {
        this.source = source;
    }

    /** The calls of a layer, in node-index order. */
    List<LayerCall> calls(String who, Object inboundNodes) {
        if (inboundNodes == null) {
            throw new ModelFormatException(source + ": " + who + ": inbound_nodes is missing");
        }
        List<Object> nodes = KerasJson.list(inboundNodes, source, ": ", who, ": inbound_nodes");
        if (nodes.isEmpty()) {
            throw new UnsupportedModelException(source + ": " + who + ": the layer is not connected to the model (no inbound nodes)");
        }
        List<LayerCall> calls = new ArrayList<>(nodes.size());
        for (Object node : nodes) {
            LayerCall call = node instanceof Map<?, ?> m ? keras3Call(who, m) : legacyCall(who, node);
            if (call.inputs().isEmpty()) {
                throw new ModelFormatException(source + ": " + who + ": inbound_nodes name no input tensor");
            }
            calls.add(call);
        }
        return calls;
    }

    private LayerCall keras3Call(String who, Map<?, ?> node) {
        List<TensorRef> inputs = new ArrayList<>();
        collectKerasTensors(node.get("args"), inputs, who);
        Map<String, Object> kwargs = new LinkedHashMap<>();
        if (node.get("kwargs") instanceof Map<?, ?> kw) {
            Map<String, List<TensorRef>> extra = new LinkedHashMap<>();
            for (var e : kw.entrySet()) {
                String key = String.valueOf(e.getKey());
                List<TensorRef> tensors = new ArrayList<>();
                collectKerasTensors(e.getValue(), tensors, who);
                if (tensors.isEmpty()) {
                    kwargs.put(key, e.getValue());
                } else {
                    tensorKwarg(who, key, tensors, extra);
                }
            }
            // attention layers read their inputs' masks through query/value/key_mask whatever the call form
            boolean single = !extra.containsKey("initial_state");
            inputs.addAll(ordered(extra));
            return new LayerCall(inputs, kwargs, single);
        }
        return new LayerCall(inputs, kwargs);
    }

    private LayerCall legacyCall(String who, Object node) {
        List<TensorRef> inputs = new ArrayList<>();
        Map<String, List<TensorRef>> extra = new LinkedHashMap<>();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        for (Object entry : KerasJson.list(node, source, ": ", who, ": inbound_nodes")) {
            List<Object> ref = KerasJson.list(entry, source, ": ", who, ": inbound_nodes");
            if (ref.size() < 3) {
                throw new ModelFormatException(source + ": " + who + ": inbound_nodes: malformed entry " + KerasJson.brief(ref));
            }
            inputs.add(reference(ref, who));
            if (ref.size() > 3 && ref.get(3) instanceof Map<?, ?> kw) {
                for (var e : kw.entrySet()) {
                    String key = String.valueOf(e.getKey());
                    if (kwargs.containsKey(key)) {
                        continue; // tf.keras repeats the call's kwargs on each input entry
                    }
                    List<TensorRef> tensors = legacyTensors(e.getValue(), who);
                    if (tensors.isEmpty()) {
                        kwargs.put(key, e.getValue());
                    } else {
                        kwargs.put(key, null);
                        tensorKwarg(who, key, tensors, extra);
                    }
                }
            }
        }
        kwargs.values().removeIf(java.util.Objects::isNull);
        inputs.addAll(ordered(extra));
        return new LayerCall(inputs, kwargs);
    }

    /** Keyword tensors in {@link #TENSOR_KWARGS} order, whatever order the file lists them in. */
    private static List<TensorRef> ordered(Map<String, List<TensorRef>> byKey) {
        List<TensorRef> out = new ArrayList<>();
        for (String k : TENSOR_KWARGS) {
            out.addAll(byKey.getOrDefault(k, List.of()));
        }
        return out;
    }

    private void tensorKwarg(String who, String key, List<TensorRef> tensors, Map<String, List<TensorRef>> extra) {
        if (!TENSOR_KWARGS.contains(key)) {
            throw new UnsupportedModelException(source + ": " + who + ": the layer is called with tensor"
                    + (tensors.size() > 1 ? "s " + tensors : " '" + tensors.get(0) + "'") + " as keyword argument '"
                    + key + "', which keras2j does not support");
        }
        extra.computeIfAbsent(key, k -> new ArrayList<>()).addAll(tensors);
    }

    /** Tensor references in a tf.keras kwargs value: {@code [name, node, tensor]} or a list of them. */
    private List<TensorRef> legacyTensors(Object value, String who) {
        List<TensorRef> out = new ArrayList<>();
        if (value instanceof List<?> l && !l.isEmpty()) {
            if (l.get(0) instanceof String && l.size() >= 3 && l.get(1) instanceof Number && l.get(2) instanceof Number) {
                out.add(reference(KerasJson.list(l), who));
            } else {
                for (Object v : l) {
                    out.addAll(legacyTensors(v, who));
                }
            }
        }
        return out;
    }

    private void collectKerasTensors(Object o, List<TensorRef> out, String who) {
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

    /** A {@code [name, node_index, tensor_index, ...]} reference. */
    TensorRef reference(List<Object> ref, String who) {
        if (ref.size() < 3 || !(ref.get(0) instanceof String name)) {
            throw new ModelFormatException(source + ": " + who + ": input reference " + KerasJson.brief(ref) + " is malformed");
        }
        int node = KerasJson.integer(ref.get(1), source, ": ", who, ": input reference ", ref);
        int tensor = KerasJson.integer(ref.get(2), source, ": ", who, ": input reference ", ref);
        if (node < 0 || tensor < 0) {
            throw new ModelFormatException(source + ": " + who + ": input reference " + KerasJson.brief(ref) + " is malformed");
        }
        return new TensorRef(name, node, tensor);
    }

    /** A model's {@code input_layers} or {@code output_layers}. */
    List<TensorRef> endpoints(Object v, String key) {
        String what = source + ": model '" + key + "'";
        if (v == null) {
            throw new ModelFormatException(what + " is missing");
        }
        List<Object> l = KerasJson.list(v, what);
        if (l.isEmpty()) {
            throw new ModelFormatException(what + " is empty: a model needs at least one " + (key.startsWith("input") ? "input" : "output"));
        }
        List<TensorRef> out = new ArrayList<>();
        if (!l.isEmpty() && l.get(0) instanceof String) {
            // Keras 3 writes a single endpoint as one reference instead of a list of references.
            out.add(reference(l, "model '" + key + "'"));
            return out;
        }
        for (Object e : l) {
            out.add(reference(KerasJson.list(e, what), "model '" + key + "'"));
        }
        return out;
    }
}
