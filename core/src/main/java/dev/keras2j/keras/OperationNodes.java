package dev.keras2j.keras;

import dev.keras2j.model.UnsupportedModelException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Translates a Keras 3 operation node ({@code keras.ops.*} called on symbolic tensors in a functional model;
 * module {@code keras.src.ops...}) into the keras2j class that computes it. An operation's options are in its
 * config ({@code axis}, {@code newshape}, ...); the non-tensor arguments of its call ({@code x + 3.0}'s number,
 * {@code x[:, -1]}'s key) are in its inbound node, and are recorded here as options. Operation class names can
 * be those of layers of another meaning ({@code Reshape} takes the batch axis, the layer does not), so every
 * operation gets a class name of its own, {@code ops.Name}, unless a layer computes exactly the same.
 */
final class OperationNodes {
    /** Element-wise arithmetic of tensors and numbers: merges with their number operands. */
    private static final Map<String, String> ARITHMETIC = Map.of(
            "Add", "Add", "Subtract", "Subtract", "Multiply", "Multiply", "Divide", "Divide",
            "TrueDivide", "Divide", "Maximum", "Maximum", "Minimum", "Minimum");

    /** Operations a layer computes exactly: ops.softmax is the Softmax layer, ops.concatenate the merge. */
    private static final Map<String, String> AS_LAYERS = Map.of("Softmax", "Softmax", "Concatenate", "Concatenate");

    /** Operations that are an activation function of the same definition, with their activation's name. */
    private static final Map<String, String> AS_ACTIVATIONS = Map.ofEntries(
            Map.entry("Sigmoid", "sigmoid"), Map.entry("Relu", "relu"), Map.entry("Relu6", "relu6"),
            Map.entry("Tanh", "tanh"), Map.entry("Exp", "exponential"), Map.entry("Softplus", "softplus"),
            Map.entry("Softsign", "softsign"), Map.entry("Silu", "silu"), Map.entry("Swish", "silu"),
            Map.entry("Selu", "selu"), Map.entry("Mish", "mish"), Map.entry("HardSigmoid", "hard_sigmoid"),
            Map.entry("HardSilu", "hard_silu"), Map.entry("LogSigmoid", "log_sigmoid"));

    /** Operations of keras2j's own operation specs ({@code ops.Name}). */
    private static final Set<String> OWN = Set.of(
            "Reshape", "Transpose", "ExpandDims", "Squeeze", "Stack", "GetItem",
            "Mean", "Sum", "Max", "Min", "Argmax", "Argmin",
            "Matmul",
            "Absolute", "Abs", "Sqrt", "Square", "Log", "Negative", "Clip", "Reciprocal", "Floor", "Ceil", "Sign", "Cast");

    private final String source;

    OperationNodes(String source) {
        this.source = source;
    }

    /** Whether {@code cls} names an operation keras2j translates (for files whose writer dropped the module). */
    static boolean isKnown(String cls) {
        return ARITHMETIC.containsKey(cls) || AS_LAYERS.containsKey(cls) || AS_ACTIVATIONS.containsKey(cls)
                || OWN.contains(cls);
    }

    /** Every operation keras2j runs, sorted, for messages and documentation. */
    static Set<String> supported() {
        Set<String> all = new TreeSet<>(ARITHMETIC.keySet());
        all.addAll(AS_LAYERS.keySet());
        all.addAll(AS_ACTIVATIONS.keySet());
        all.addAll(OWN);
        return all;
    }

    /**
     * The keras2j class name for the operation node {@code layer}, with its call's non-tensor arguments put
     * into {@code opts}.
     */
    String translate(String cls, String module, Map<String, Object> layer, Map<String, Object> opts, Object describe) {
        if (!isKnown(cls)) {
            throw new UnsupportedModelException(source + ": " + describe + ": the Keras operation " + module + "." + cls
                    + " is not supported; keras2j runs the operations " + supported());
        }
        List<?> args = singleCallArgs(cls, layer, describe);
        if (ARITHMETIC.containsKey(cls)) {
            opts.put("op_arguments", arithmeticOperands(cls, args, describe));
            return ARITHMETIC.get(cls);
        }
        if (AS_LAYERS.containsKey(cls)) {
            return AS_LAYERS.get(cls);
        }
        if (AS_ACTIVATIONS.containsKey(cls)) {
            opts.put("activation", AS_ACTIVATIONS.get(cls));
            return "Activation";
        }
        if (cls.equals("GetItem")) {
            if (args.size() != 2) {
                throw new UnsupportedModelException(source + ": " + describe + ": GetItem needs a tensor and a key, got "
                        + args.size() + " arguments");
            }
            opts.put("key", sliceKey(args.get(1), describe));
        }
        return "ops." + (cls.equals("Abs") ? "Absolute" : cls);
    }

    /** The positional arguments of the node's only call; keyword arguments are refused (none is needed). */
    private List<?> singleCallArgs(String cls, Map<String, Object> layer, Object describe) {
        if (!(layer.get("inbound_nodes") instanceof List<?> calls) || calls.size() != 1
                || !(calls.get(0) instanceof Map<?, ?> call) || !(call.get("args") instanceof List<?> args)) {
            throw new UnsupportedModelException(source + ": " + describe + ": the Keras operation " + cls
                    + " must be called once, with positional arguments");
        }
        if (call.get("kwargs") instanceof Map<?, ?> kwargs && !kwargs.isEmpty()) {
            throw new UnsupportedModelException(source + ": " + describe + ": the Keras operation " + cls
                    + " is called with keyword arguments " + kwargs.keySet() + ", which are not supported");
        }
        return args;
    }

    private List<Object> arithmeticOperands(String cls, List<?> args, Object describe) {
        List<Object> operands = new ArrayList<>();
        for (Object a : args) {
            if (isTensor(a)) {
                operands.add("tensor");
            } else if (a instanceof Number n) {
                operands.add(n.doubleValue());
            } else {
                throw new UnsupportedModelException(source + ": " + describe + ": the Keras operation " + cls
                        + " has the operand " + KerasJson.brief(a) + "; only tensors and numbers are supported");
            }
        }
        return operands;
    }

    /**
     * {@code x[key]}'s key as a list of entries: an integer index, or a slice as a map with {@code start},
     * {@code stop}, {@code step} (each an integer or null). Ellipsis and {@code None} (new axis) are refused.
     */
    private List<Object> sliceKey(Object key, Object describe) {
        List<?> entries = key instanceof List<?> l ? l : List.of(key);
        List<Object> out = new ArrayList<>();
        for (Object e : entries) {
            if (e instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                out.add(n.longValue());
            } else if (e instanceof Map<?, ?> m && "__slice__".equals(m.get("class_name"))
                    && m.get("config") instanceof Map<?, ?> cfg) {
                Map<String, Object> slice = new LinkedHashMap<>();
                for (String part : List.of("start", "stop", "step")) {
                    Object v = cfg.get(part);
                    if (v != null && !(v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()))) {
                        throw refuseKey(key, describe, "slice " + part + " " + KerasJson.brief(v) + " is not an integer");
                    }
                    slice.put(part, v == null ? null : ((Number) v).longValue());
                }
                out.add(slice);
            } else {
                throw refuseKey(key, describe, "only integers and slices are supported, not " + KerasJson.brief(e));
            }
        }
        return out;
    }

    private UnsupportedModelException refuseKey(Object key, Object describe, String why) {
        return new UnsupportedModelException(source + ": " + describe + ": the index " + KerasJson.brief(key)
                + " of GetItem is not supported: " + why);
    }

    private static boolean isTensor(Object a) {
        return a instanceof Map<?, ?> m && "__keras_tensor__".equals(m.get("class_name"));
    }
}
