package dev.keras2j.keras;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.ModelFormatException;
import dev.keras2j.model.UnsupportedModelException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates one serialized layer ({@code {"class_name": ..., "config": {...}}}) of any Keras dialect into a
 * {@link LayerConfig} with Keras 3 class and option names. This is the only place that knows Keras 1 and 2
 * spellings; everything after it sees Keras 3 names.
 */
final class LayerConfigTranslator {
    /** Keras 1 option names that only configure training (initializers, regularizers, constraints). */
    private static final Set<String> KERAS1_TRAINING_ONLY = Set.of("init", "inner_init", "forget_bias_init",
            "W_regularizer", "U_regularizer", "b_regularizer", "activity_regularizer", "W_constraint",
            "U_constraint", "b_constraint", "weights", "consume_less", "input_dtype", "beta_init", "gamma_init",
            "gamma_regularizer", "beta_regularizer", "W_learning_rate_multiplier", "b_learning_rate_multiplier",
            "depthwise_regularizer", "pointwise_regularizer", "depthwise_constraint", "pointwise_constraint");

    /** Option names that exist only in Keras 1 configs; one of them in a file without a version means Keras 1. */
    static final Set<String> KERAS1_ONLY_OPTIONS = Set.of("nb_filter", "border_mode", "dim_ordering", "subsample",
            "subsample_length", "W_regularizer", "inner_activation", "input_dtype", "pool_length", "filter_length",
            "nb_row", "nb_col", "init", "consume_less");

    /** Dtype policies whose computations are not float32. */
    private static final Set<String> FLOAT32_NAMES = Set.of("float32");

    private final String source;
    private final int major;
    private final OperationNodes operations;

    LayerConfigTranslator(String source, int major) {
        this.source = source;
        this.major = major;
        this.operations = new OperationNodes(source);
    }

    /**
     * Translates a serialized layer.
     *
     * @throws UnsupportedModelException for a layer keras2j refuses before its spec sees it (Merge, CuDNN,
     *                                   non-float32 dtype)
     */
    LayerConfig translate(Map<String, Object> layer) {
        String cls = KerasJson.string(layer, "class_name", source, ": a layer");
        Map<String, Object> raw = KerasJson.mapOrEmpty(layer.get("config"), source, ": layer ", cls);
        Map<String, Object> opts = new LinkedHashMap<>(raw);
        String name = raw.get("name") instanceof String s ? s
                : layer.get("name") instanceof String s2 ? s2 : cls.toLowerCase();
        Who describe = new Who(name, cls);
        checkDtype(opts.get("dtype"), describe);
        if (layer.containsKey("module") && !(layer.get("module") instanceof String m && (m.equals("keras") || m.startsWith("keras.")))) {
            // Keras 3 names where a class comes from: a user's class that merely shares a Keras name must
            // not be run as the Keras layer.
            throw new UnsupportedModelException(source + ": " + describe + ": custom layer class '" + cls + "'"
                    + (layer.get("registered_name") instanceof String r ? " (registered as '" + r + "')" : "")
                    + " from module " + layer.get("module") + ": keras2j runs only Keras's own layers and never executes"
                    + " code from a model file");
        }
        if (layer.get("module") instanceof String module && module.startsWith("keras.src.ops")) {
            cls = operations.translate(cls, module, layer, opts, describe);
        } else if (layer.get("module") == null && major >= 3 && !raw.containsKey("trainable")
                && OperationNodes.isKnown(cls)) {
            // Keras 3's legacy .h5 drops the module; a layer's config would carry trainable (an operation's never does).
            cls = operations.translate(cls, "keras.src.ops", layer, opts, describe);
        }
        if (major == 1) {
            cls = translateKeras1(cls, opts, describe);
        }
        if (major <= 2) {
            cls = translateKeras2(cls, opts, describe);
        }
        for (String key : List.of("layer", "backward_layer", "cell")) {
            if (opts.get(key) instanceof Map<?, ?> nested && nested.containsKey("class_name")) {
                opts.put(key, translate(KerasJson.asMap(nested)));
            }
        }
        opts.remove("name");
        return new LayerConfig(cls, name, opts, major);
    }

    /**
     * A layer as messages name it, {@code name (Class)}: built only when a message is, since a load translates
     * every layer, mostly before the JIT compiler has compiled this code.
     */
    private record Who(String name, String cls) {
        @Override
        public String toString() {
            return name + " (" + cls + ")";
        }
    }

    private void checkDtype(Object dtype, Who describe) {
        String policy = dtypePolicyName(dtype);
        if (policy == null || FLOAT32_NAMES.contains(policy) || policy.startsWith("int") || policy.startsWith("uint")
                || policy.equals("bool") || policy.equals("string")) {
            return;
        }
        throw new UnsupportedModelException(source + ": " + describe + ": dtype policy '" + policy
                + "' is refused: keras2j computes in float32 only");
    }

    /** The name of a dtype or dtype policy, in any of the forms Keras writes, or {@code null}. */
    static String dtypePolicyName(Object dtype) {
        if (dtype instanceof String s) {
            return s;
        }
        if (dtype instanceof Map<?, ?> m) {
            Object cls = m.get("class_name");
            Object cfg = m.get("config");
            if (cfg instanceof Map<?, ?> c && c.get("name") instanceof String n) {
                return cls instanceof String s && s.contains("Quantized") ? "quantized " + n : n;
            }
            if (m.get("name") instanceof String n) {
                return n;
            }
        }
        return null;
    }

    private String translateKeras1(String cls, Map<String, Object> o, Who describe) {
        KERAS1_TRAINING_ONLY.forEach(o::remove);
        rename(o, "bias", "use_bias");
        rename(o, "border_mode", "padding");
        if (o.get("dim_ordering") instanceof String d) {
            o.remove("dim_ordering");
            o.put("data_format", switch (d) {
                case "th" -> "channels_first";
                case "tf" -> "channels_last";
                default -> throw new UnsupportedModelException(source + ": " + describe + ": dim_ordering '" + d + "' is unknown");
            });
        }
        switch (cls) {
            case "Dense" -> {
                rename(o, "output_dim", "units");
                o.remove("input_dim");
            }
            case "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianDropout" -> rename(o, "p", "rate");
            case "GaussianNoise" -> rename(o, "sigma", "stddev");
            case "Convolution1D", "AtrousConvolution1D" -> {
                rename(o, "nb_filter", "filters");
                rename(o, "filter_length", "kernel_size");
                rename(o, "subsample_length", "strides");
                rename(o, "atrous_rate", "dilation_rate");
                o.remove("input_dim");
                o.remove("input_length");
                cls = "Conv1D";
            }
            case "Convolution2D", "AtrousConvolution2D", "Deconvolution2D", "SeparableConvolution2D" -> {
                rename(o, "nb_filter", "filters");
                combine(o, "kernel_size", "nb_row", "nb_col");
                rename(o, "subsample", "strides");
                rename(o, "atrous_rate", "dilation_rate");
                o.remove("output_shape");
                cls = switch (cls) {
                    case "Deconvolution2D" -> "Conv2DTranspose";
                    case "SeparableConvolution2D" -> "SeparableConv2D";
                    default -> "Conv2D";
                };
            }
            case "Convolution3D" -> {
                rename(o, "nb_filter", "filters");
                combine(o, "kernel_size", "kernel_dim1", "kernel_dim2", "kernel_dim3");
                rename(o, "subsample", "strides");
                cls = "Conv3D";
            }
            case "MaxPooling1D", "AveragePooling1D" -> {
                rename(o, "pool_length", "pool_size");
                rename(o, "stride", "strides");
            }
            case "UpSampling1D" -> rename(o, "length", "size");
            case "ZeroPadding2D" -> o.put("padding", keras1Padding2D(o.get("padding")));
            case "LSTM", "GRU", "SimpleRNN", "ConvLSTM2D" -> {
                rename(o, "output_dim", "units");
                rename(o, "nb_filter", "filters");
                combine(o, "kernel_size", "nb_row", "nb_col");
                rename(o, "subsample", "strides");
                rename(o, "inner_activation", "recurrent_activation");
                rename(o, "dropout_W", "dropout");
                rename(o, "dropout_U", "recurrent_dropout");
                o.remove("input_dim");
                o.remove("input_length");
                // Keras 1 recurrent layers always had a bias.
                o.putIfAbsent("use_bias", true);
            }
            case "Embedding" -> o.remove("dropout");
            case "BatchNormalization" -> {
                Object mode = o.remove("mode");
                if (mode instanceof Number n && n.intValue() != 0) {
                    throw new UnsupportedModelException(source + ": " + describe + ": Keras 1 BatchNormalization mode "
                            + n.intValue() + " normalizes with batch statistics at inference and is refused (only mode 0 is supported)");
                }
            }
            case "Merge" -> throw new UnsupportedModelException(source + ": " + describe
                    + ": the Keras 1 Merge layer is refused (its mode may be a Python function); re-save the model with Keras 2 merge layers such as Add or Concatenate");
            default -> {
            }
        }
        return cls;
    }

    private String translateKeras2(String cls, Map<String, Object> o, Who describe) {
        switch (cls) {
            case "LeakyReLU" -> rename(o, "alpha", "negative_slope");
            // Keras 3 defaults reset_after to true; Keras 1 and 2.0 GRUs had only the reset-before form.
            case "GRU" -> o.putIfAbsent("reset_after", false);
            case "CuDNNLSTM", "CuDNNGRU" -> throw new UnsupportedModelException(source + ": " + describe
                    + ": " + cls + " is refused: its weights are stored in cuDNN's layout, whose conversion keras2j does not replicate exactly; re-save the model with a plain "
                    + cls.substring(5) + " layer");
            case "Merge" -> throw new UnsupportedModelException(source + ": " + describe
                    + ": the legacy Merge layer is refused (its mode may be a Python function); use Add, Concatenate, ... instead");
            default -> {
            }
        }
        o.remove("input_dtype");
        return cls;
    }

    private static Object keras1Padding2D(Object padding) {
        if (padding instanceof List<?> l && l.size() == 4) {
            return List.of(List.of(l.get(0), l.get(1)), List.of(l.get(2), l.get(3)));
        }
        if (padding instanceof Map<?, ?> m) {
            return List.of(List.of(m.get("top_pad"), m.get("bottom_pad")), List.of(m.get("left_pad"), m.get("right_pad")));
        }
        return padding;
    }

    private static void rename(Map<String, Object> o, String from, String to) {
        if (o.containsKey(from)) {
            Object v = o.remove(from);
            o.putIfAbsent(to, v);
        }
    }

    private static void combine(Map<String, Object> o, String to, String... from) {
        if (!o.containsKey(from[0])) {
            return;
        }
        List<Object> values = new ArrayList<>();
        for (String f : from) {
            values.add(o.remove(f));
        }
        o.putIfAbsent(to, values);
    }

    /** Whether a serialized layer config uses an option that only Keras 1 wrote. */
    static boolean looksLikeKeras1(String cls, Map<String, Object> config) {
        for (String k : config.keySet()) {
            if (KERAS1_ONLY_OPTIONS.contains(k)) {
                return true;
            }
        }
        return config.containsKey("output_dim") && !cls.equals("Embedding");
    }

    static ModelFormatException malformed(String source, String what) {
        return new ModelFormatException(source + ": malformed model config: " + what);
    }
}
