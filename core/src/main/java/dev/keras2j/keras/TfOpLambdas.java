package dev.keras2j.keras;

import dev.keras2j.model.ModelFormatException;
import dev.keras2j.model.UnsupportedModelException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Translates tf.keras 2.x {@code TFOpLambda} and {@code SlicingOpLambda} layers (a TensorFlow function called on
 * symbolic tensors: {@code tf.math.reduce_mean(x, 1)}, {@code x + y}, {@code x[:, -1]}) into the keras2j
 * operation of the same definition, for a published list of functions ({@link #functions()}). The layer's
 * config names the function ({@code "function": "math.reduce_mean"}); its only inbound node holds the call: the
 * first argument (a tensor reference {@code [layer, node, tensor, kwargs]}, a {@code ["_CONSTANT_VALUE", -1,
 * value, kwargs]}, or a list of them), every other argument by its parameter name in {@code kwargs} (tensors as
 * {@code [layer, node, tensor]}). The result is a layer in the Keras 2 form every later step reads: an
 * operation class ({@code ops.Mean}, {@code Add}, {@code Activation}, ...) with its options, and one inbound node
 * listing the tensors in operand order. Nothing is executed; any other function, and any argument a function's
 * translation cannot reproduce exactly, is refused by name.
 */
final class TfOpLambdas {
    private static final String CONSTANT = "_CONSTANT_VALUE";

    /** A translation: the call's arguments by parameter name to the layer, or a refusal. */
    private interface Rule {
        void apply(Call call);
    }

    /** A function keras2j runs: its parameters in TensorFlow's order (the first is the first argument), and its rule. */
    private record Function(List<String> params, Rule rule) {
    }

    private static final Map<String, Function> FUNCTIONS = new TreeMap<>();

    static {
        for (String r : List.of("mean", "sum", "max", "min")) {
            Rule rule = c -> c.reduction("ops." + Character.toUpperCase(r.charAt(0)) + r.substring(1));
            List<String> p = List.of("input_tensor", "axis", "keepdims", "name", "reduction_indices", "keep_dims");
            for (String alias : List.of("math.reduce_", "reduce_", "compat.v1.reduce_", "compat.v1.math.reduce_")) {
                add(alias + r, p, rule);
            }
        }
        for (String r : List.of("argmax", "argmin")) {
            Rule rule = c -> c.argExtreme(r.equals("argmax") ? "ops.Argmax" : "ops.Argmin");
            List<String> p = List.of("input", "axis", "output_type", "name", "dimension");
            for (String alias : List.of("math.", "", "compat.v1.", "compat.v1.math.")) {
                add(alias + r, p, rule);
            }
        }
        add("concat", List.of("values", "axis", "name"), c -> c.join("Concatenate", "axis", null));
        add("stack", List.of("values", "axis", "name"), c -> c.join("ops.Stack", "axis", 0));
        add("reshape", List.of("tensor", "shape", "name"), c -> c.unary("ops.Reshape").option("shape", "newshape"));
        Rule transpose = c -> c.unary("ops.Transpose").option("perm", "axes").allow("conjugate");
        add("transpose", List.of("a", "perm", "conjugate", "name"), transpose);
        add("compat.v1.transpose", List.of("a", "perm", "name", "conjugate"), transpose);
        add("expand_dims", List.of("input", "axis", "name"), c -> c.unary("ops.ExpandDims").option("axis", "axis"));
        add("compat.v1.expand_dims", List.of("input", "axis", "name", "dim"),
                c -> c.unary("ops.ExpandDims").alias("dim", "axis").option("axis", "axis"));
        add("squeeze", List.of("input", "axis", "name"), c -> c.unary("ops.Squeeze").option("axis", "axis"));
        add("compat.v1.squeeze", List.of("input", "axis", "name", "squeeze_dims"),
                c -> c.unary("ops.Squeeze").alias("squeeze_dims", "axis").option("axis", "axis"));
        for (var e : Map.of("__operators__.add", "Add", "math.add", "Add", "math.subtract", "Subtract",
                "math.multiply", "Multiply", "math.truediv", "Divide", "math.divide", "Divide",
                "math.maximum", "Maximum", "math.minimum", "Minimum").entrySet()) {
            add(e.getKey(), List.of("x", "y", "name"), c -> c.arithmetic(e.getValue()));
        }
        Map<String, String> activations = Map.ofEntries(
                Map.entry("nn.relu", "relu"), Map.entry("nn.relu6", "relu6"), Map.entry("math.sigmoid", "sigmoid"),
                Map.entry("nn.sigmoid", "sigmoid"), Map.entry("sigmoid", "sigmoid"), Map.entry("math.tanh", "tanh"),
                Map.entry("nn.tanh", "tanh"), Map.entry("tanh", "tanh"), Map.entry("math.softplus", "softplus"),
                Map.entry("nn.softplus", "softplus"), Map.entry("nn.softsign", "softsign"),
                Map.entry("math.softsign", "softsign"), Map.entry("nn.selu", "selu"), Map.entry("nn.elu", "elu"),
                Map.entry("math.exp", "exponential"), Map.entry("exp", "exponential"));
        activations.forEach((fn, act) -> add(fn, List.of("features", "name"), c -> c.unary("Activation").set("activation", act)));
        Rule silu = c -> c.unary("Activation").require("beta", 1.0).set("activation", "silu");
        add("nn.silu", List.of("features", "beta", "name"), silu);
        add("nn.swish", List.of("features", "beta", "name"), silu);
        add("nn.gelu", List.of("features", "approximate", "name"),
                c -> c.unary("Activation").require("approximate", false).set("activation", "gelu"));
        add("nn.leaky_relu", List.of("features", "alpha", "name"),
                c -> c.unary("LeakyReLU").number("alpha", "negative_slope", 0.2));
        Rule softmax = c -> c.unary("Softmax").alias("dim", "axis").option("axis", "axis", -1);
        add("nn.softmax", List.of("logits", "axis", "name"), softmax);
        add("math.softmax", List.of("logits", "axis", "name"), softmax);
        add("compat.v1.nn.softmax", List.of("logits", "axis", "name", "dim"), softmax);
        add("compat.v1.math.softmax", List.of("logits", "axis", "name", "dim"), softmax);
        for (var e : Map.of("log", "Log", "sqrt", "Sqrt", "square", "Square", "abs", "Absolute", "negative", "Negative",
                "reciprocal", "Reciprocal", "floor", "Floor", "ceil", "Ceil", "sign", "Sign").entrySet()) {
            Rule rule = c -> c.unary("ops." + e.getValue());
            add("math." + e.getKey(), List.of("x", "name"), rule);
            if (!e.getKey().equals("reciprocal")) {
                add(e.getKey(), List.of("x", "name"), rule);
            }
        }
        add("clip_by_value", List.of("t", "clip_value_min", "clip_value_max", "name"),
                c -> c.unary("ops.Clip").option("clip_value_min", "x_min").option("clip_value_max", "x_max"));
        add("cast", List.of("x", "dtype", "name"), c -> c.unary("ops.Cast").option("dtype", "dtype"));
        Rule matmul = c -> c.matmul();
        List<String> matmulParams = List.of("a", "b", "transpose_a", "transpose_b", "adjoint_a", "adjoint_b",
                "a_is_sparse", "b_is_sparse", "output_type", "grad_a", "grad_b", "name");
        add("linalg.matmul", matmulParams, matmul);
        add("matmul", matmulParams, matmul);
        add("__operators__.getitem", List.of("tensor", "slice_spec", "var"), c -> c.getItem());
    }

    private static void add(String function, List<String> params, Rule rule) {
        FUNCTIONS.put(function, new Function(params, rule));
    }

    private final String source;

    TfOpLambdas(String source) {
        this.source = source;
    }

    /** Whether {@code cls} is a tf.keras operation layer this class translates. */
    static boolean handles(String cls) {
        return cls.equals("TFOpLambda") || cls.equals("SlicingOpLambda");
    }

    /** Every TensorFlow function keras2j runs (its name without {@code tf.}), sorted. */
    static Set<String> functions() {
        return new TreeSet<>(FUNCTIONS.keySet());
    }

    /** The layer as the operation keras2j computes, in the Keras 2 form (class, config, one inbound node). */
    Map<String, Object> translate(Map<String, Object> layer) {
        String cls = KerasJson.string(layer, "class_name", source, ": a layer");
        Map<String, Object> config = KerasJson.mapOrEmpty(layer.get("config"), source, ": layer ", cls);
        String name = config.get("name") instanceof String s ? s : layer.get("name") instanceof String s2 ? s2 : cls;
        String who = name + " (" + cls + ")";
        if (!(config.get("function") instanceof String fn)) {
            throw new ModelFormatException(source + ": " + who + ": the layer names no TensorFlow function");
        }
        String dtype = LayerConfigTranslator.dtypePolicyName(config.get("dtype"));
        if (dtype != null && !dtype.equals("float32")) {
            throw new UnsupportedModelException(source + ": " + who + ": dtype policy '" + dtype
                    + "' is refused: keras2j computes in float32 only");
        }
        Function f = FUNCTIONS.get(fn);
        if (f == null) {
            throw new UnsupportedModelException(source + ": " + who + ": the TensorFlow function tf." + fn
                    + " is not supported; keras2j never executes code from a model file and runs only the functions "
                    + functions().stream().map(s -> "tf." + s).toList());
        }
        Call call = new Call(who, "tf." + fn, f.params(), layer.get("inbound_nodes"));
        f.rule().apply(call);
        call.checkUsed();
        Map<String, Object> opts = new LinkedHashMap<>(call.options);
        opts.put("name", name);
        List<Object> node = new ArrayList<>();
        for (List<Object> ref : call.tensors) {
            node.add(List.of(ref.get(0), ref.get(1), ref.get(2), Map.of()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class_name", call.target);
        out.put("config", opts);
        out.put("name", name);
        out.put("inbound_nodes", List.of(node));
        return out;
    }

    /** One call's arguments by parameter name, read from the inbound node, and the layer it becomes. */
    private final class Call {
        private final String who;
        private final String function;
        /** Arguments by parameter name; the first is a tensor reference, a constant, or a list of those. */
        private final Map<String, Object> args = new LinkedHashMap<>();
        private final Set<String> used = new java.util.HashSet<>(Set.of("name"));
        private final Map<String, Object> options = new LinkedHashMap<>();
        private final List<List<Object>> tensors = new ArrayList<>();
        private final String first;
        private String target;

        Call(String who, String function, List<String> params, Object inboundNodes) {
            this.who = who;
            this.function = function;
            this.first = params.get(0);
            if (!(inboundNodes instanceof List<?> nodes) || nodes.size() != 1 || !(nodes.get(0) instanceof List<?> node)
                    || node.isEmpty()) {
                throw new ModelFormatException(source + ": " + who + ": a TensorFlow operation layer needs exactly one"
                        + " inbound node, got " + KerasJson.brief(inboundNodes));
            }
            // A single first argument is one entry; a list first argument (tf.concat's values) a list of entries.
            List<?> entries = node.get(0) instanceof String ? List.of(node) : node;
            Map<?, ?> kwargs = Map.of();
            List<Object> firstArg = new ArrayList<>();
            for (Object e : entries) {
                if (!(e instanceof List<?> entry) || entry.size() < 3 || entry.size() > 4 || !(entry.get(0) instanceof String)) {
                    throw refuse("its first argument " + KerasJson.brief(node) + " is not a tensor, a number or a list of them");
                }
                firstArg.add(entry.subList(0, 3));
                if (entry.size() == 4) {
                    if (!(entry.get(3) instanceof Map<?, ?> kw)) {
                        throw new ModelFormatException(source + ": " + who + ": malformed call arguments " + KerasJson.brief(entry.get(3)));
                    }
                    kwargs = kw; // tf.keras repeats the call's keyword arguments on each entry
                }
            }
            args.put(first, node.get(0) instanceof String ? firstArg.get(0) : firstArg);
            for (var e : kwargs.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (!params.contains(key)) {
                    throw refuse("argument '" + key + "' is not a parameter keras2j knows for " + function);
                }
                args.put(key, e.getValue());
            }
        }

        private UnsupportedModelException refuse(String why) {
            return new UnsupportedModelException(source + ": " + who + ": " + function + ": " + why);
        }

        /** Every argument given must have been read by the rule, or be at its default (None). */
        void checkUsed() {
            for (var e : args.entrySet()) {
                if (!used.contains(e.getKey()) && e.getValue() != null) {
                    throw refuse("argument " + e.getKey() + "=" + KerasJson.brief(e.getValue()) + " is not supported");
                }
            }
        }

        /** The first argument as one tensor. */
        Call unary(String cls) {
            target = cls;
            used.add(first);
            tensors.add(tensor(first, args.get(first)));
            return this;
        }

        /** Option {@code to} from argument {@code from} (a constant; absent stays absent). */
        Call option(String from, String to) {
            used.add(from);
            if (args.containsKey(from)) {
                options.put(to, constant(from, args.get(from)));
            }
            return this;
        }

        /** Option {@code to} from argument {@code from}, {@code fallback} when absent or None. */
        Call option(String from, String to, Object fallback) {
            used.add(from);
            Object v = args.get(from);
            options.put(to, v == null ? fallback : constant(from, v));
            return this;
        }

        /** A number option, {@code fallback} when absent. */
        Call number(String from, String to, double fallback) {
            used.add(from);
            Object v = args.get(from);
            if (v != null && !(v instanceof Number)) {
                throw refuse("argument " + from + "=" + KerasJson.brief(v) + " is not a number");
            }
            options.put(to, v == null ? fallback : ((Number) v).doubleValue());
            return this;
        }

        Call set(String option, Object value) {
            options.put(option, value);
            return this;
        }

        /** A deprecated argument of the same meaning as {@code to} (TF 1's {@code dim}, {@code keep_dims}). */
        Call alias(String from, String to) {
            used.add(from);
            Object v = args.remove(from);
            if (v != null) {
                if (args.get(to) != null) {
                    throw refuse("both " + from + " and " + to + " are given");
                }
                args.put(to, v);
            }
            return this;
        }

        /** An argument that changes nothing for float32 tensors (transpose's conjugate of real numbers). */
        Call allow(String arg) {
            used.add(arg);
            return this;
        }

        /** An argument that must be absent, None or {@code expected}. */
        Call require(String arg, Object expected) {
            used.add(arg);
            Object v = args.get(arg);
            boolean ok = v == null || (expected instanceof Number n ? v instanceof Number m && m.doubleValue() == n.doubleValue()
                    : expected.equals(v));
            if (!ok) {
                throw refuse("argument " + arg + "=" + KerasJson.brief(v) + " is not supported (only " + expected + ")");
            }
            return this;
        }

        void reduction(String cls) {
            alias("reduction_indices", "axis").alias("keep_dims", "keepdims");
            unary(cls).option("axis", "axis", null).option("keepdims", "keepdims", false);
        }

        void argExtreme(String cls) {
            alias("dimension", "axis");
            used.add("output_type");
            Object type = args.get("output_type");
            if (type != null && !type.equals("int64") && !type.equals("int32")) {
                throw refuse("output_type " + KerasJson.brief(type) + " is not supported");
            }
            // TensorFlow's argmax without an axis takes axis 0, the batch axis: the spec refuses that.
            unary(cls).option("axis", "axis", 0);
        }

        /** concat / stack: a list of tensors as the first argument, and an axis. */
        void join(String cls, String axisArg, Integer defaultAxis) {
            target = cls;
            used.add(first);
            if (!(args.get(first) instanceof List<?> values) || values.isEmpty() || values.get(0) instanceof String) {
                throw refuse("the first argument must be a list of tensors, got " + KerasJson.brief(args.get(first)));
            }
            if (cls.equals("Concatenate") && values.size() < 2) {
                throw refuse("a concatenation of one tensor is not supported");
            }
            for (Object v : values) {
                tensors.add(tensor(first, v));
            }
            option(axisArg, "axis", defaultAxis);
            if (options.get("axis") == null) {
                throw refuse("argument " + axisArg + " is missing");
            }
        }

        /** x op y: each a tensor or a number, in order. */
        void arithmetic(String cls) {
            target = cls;
            used.add("x");
            used.add("y");
            List<Object> operands = new ArrayList<>();
            for (String p : List.of("x", "y")) {
                Object v = args.get(p);
                if (v instanceof Number n) {
                    operands.add(n.doubleValue());
                } else if (isReference(v)) {
                    tensors.add(tensor(p, v));
                    operands.add("tensor");
                } else if (v instanceof List<?> l && l.size() == 3 && CONSTANT.equals(l.get(0)) && l.get(2) instanceof Number n) {
                    operands.add(n.doubleValue());
                } else {
                    throw refuse("operand " + p + "=" + KerasJson.brief(v) + " is not supported (only tensors and numbers)");
                }
            }
            if (tensors.isEmpty()) {
                throw refuse("no operand is a tensor");
            }
            options.put("op_arguments", operands);
        }

        void matmul() {
            for (String flag : List.of("transpose_a", "transpose_b", "adjoint_a", "adjoint_b", "a_is_sparse", "b_is_sparse")) {
                require(flag, false);
            }
            unary("ops.Matmul");
            used.add("b");
            tensors.add(tensor("b", args.get("b")));
        }

        /** x[key]: integers, slices of integers, ... (Ellipsis) and None (tf.newaxis). */
        void getItem() {
            unary("ops.GetItem");
            used.add("slice_spec");
            Object spec = args.get("slice_spec");
            List<?> entries = spec instanceof List<?> l ? l : java.util.Collections.singletonList(spec);
            List<Object> key = new ArrayList<>();
            for (Object e : entries) {
                key.add(keyEntry(e, spec));
            }
            options.put("key", key);
        }

        private Object keyEntry(Object e, Object spec) {
            if (e == null) {
                return "newaxis";
            }
            if (e instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                return n.longValue();
            }
            if (e instanceof Map<?, ?> m && "__ellipsis__".equals(m.get("class_name"))) {
                return "...";
            }
            if (e instanceof Map<?, ?> m && m.keySet().equals(Set.of("start", "stop", "step"))) {
                Map<String, Object> slice = new LinkedHashMap<>();
                for (String part : List.of("start", "stop", "step")) {
                    Object v = m.get(part);
                    if (v != null && !(v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()))) {
                        throw refuse("the index " + KerasJson.brief(spec) + " has the slice " + part + " "
                                + KerasJson.brief(v) + ", which is not an integer");
                    }
                    slice.put(part, v == null ? null : ((Number) v).longValue());
                }
                return slice;
            }
            throw refuse("the index " + KerasJson.brief(spec) + " has the entry " + KerasJson.brief(e)
                    + "; only integers, slices of integers, ... and tf.newaxis are supported");
        }

        /** A tensor reference {@code [layer, node, tensor]}; a constant tensor or any other value is refused. */
        private List<Object> tensor(String param, Object v) {
            if (!isReference(v)) {
                throw refuse("argument " + param + "=" + KerasJson.brief(v) + " is not a tensor of the model"
                        + " (constant tensors are not supported)");
            }
            return KerasJson.list(v);
        }

        /** A non-tensor argument; a tensor there (a shape computed from the data, say) is refused. */
        private Object constant(String param, Object v) {
            if (isReference(v) || (v instanceof List<?> l && l.stream().anyMatch(TfOpLambdas::isReference))) {
                throw refuse("argument " + param + " is a tensor computed by the model, which is not supported");
            }
            return v;
        }
    }

    /** {@code [layer, node, tensor]} (or with kwargs) naming a layer's output, as tf.keras records a tensor. */
    private static boolean isReference(Object v) {
        return v instanceof List<?> l && (l.size() == 3 || l.size() == 4) && l.get(0) instanceof String s
                && !s.equals(CONSTANT) && l.get(1) instanceof Number && l.get(2) instanceof Number;
    }
}
