package dev.keras2j.keras;

import dev.keras2j.model.InputSpec;
import dev.keras2j.model.ModelFormatException;
import dev.keras2j.model.Shape;
import dev.keras2j.model.UnsupportedModelException;

import java.util.List;
import java.util.Map;

/**
 * The model inputs a config declares: {@code InputLayer}s, and the input shape a Sequential model's first
 * layer declares ({@code batch_input_shape}, {@code input_shape}, Keras 1's {@code input_dim}) or its build
 * config records.
 */
final class InputLayers {
    private final String source;

    InputLayers(String source) {
        this.source = source;
    }

    /** An {@code InputLayer}: its name, shape without the batch axis, and dtype (float32 or integer). */
    InputSpec inputLayer(Map<String, Object> layer, Map<String, Object> raw) {
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

    /** The input shape a Keras 1/2 first layer declares, without the batch axis, or {@code null}. */
    Shape declaredInputShape(Map<String, Object> raw, String cls) {
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

    /** The input shape a built Sequential model records in its config, or {@code null}. */
    Shape buildInputShape(Map<String, Object> root, Map<String, Object> modelConfig, Map<String, Object> firstLayer) {
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

    /** The dtype of a Sequential model's implicit input: an integer dtype its first layer declares, else float32. */
    static String inputDtype(Map<String, Object> raw) {
        for (String key : List.of("input_dtype", "dtype")) {
            String d = LayerConfigTranslator.dtypePolicyName(raw.get(key));
            if (d != null && (d.startsWith("int") || d.startsWith("uint"))) {
                return d;
            }
        }
        return "float32";
    }
}
