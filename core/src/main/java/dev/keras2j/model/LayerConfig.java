package dev.keras2j.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One layer's configuration, already translated to Keras 3's class and option names by the dialect
 * reader, with typed accessors that turn a missing or ill-typed option into a one-line refusal.
 *
 * <p>Values are what JSON holds: {@link String}, {@link Number}, {@link Boolean}, {@link List},
 * {@link Map}, {@code null}, plus nested {@link LayerConfig}s for wrapped layers.
 */
public final class LayerConfig {
    private final String className;
    private final String name;
    private final Map<String, Object> options;
    private final int kerasMajorVersion;

    /**
     * @param className         Keras 3 class name, e.g. {@code Conv2D}
     * @param name              the layer's name in the model
     * @param options           Keras 3 option names to values
     * @param kerasMajorVersion the Keras major version that wrote the file (1, 2 or 3); decides the
     *                          definitions that changed between versions, such as {@code hard_sigmoid}
     */
    public LayerConfig(String className, String name, Map<String, Object> options, int kerasMajorVersion) {
        this.className = className;
        this.name = name;
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        this.kerasMajorVersion = kerasMajorVersion;
    }

    public String className() {
        return className;
    }

    public String name() {
        return name;
    }

    public int kerasMajorVersion() {
        return kerasMajorVersion;
    }

    public Map<String, Object> options() {
        return options;
    }

    public boolean has(String key) {
        return options.get(key) != null;
    }

    public Object raw(String key) {
        return options.get(key);
    }

    public String string(String key, String defaultValue) {
        Object v = options.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof String s) {
            return s;
        }
        throw invalid(key, v, "a string");
    }

    public boolean bool(String key, boolean defaultValue) {
        Object v = options.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw invalid(key, v, "true or false");
    }

    public double number(String key, double defaultValue) {
        Object v = options.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw invalid(key, v, "a number");
    }

    public int integer(String key, int defaultValue) {
        Object v = options.get(key);
        if (v == null) {
            return defaultValue;
        }
        return toInt(key, v);
    }

    /** An int required to be present. */
    public int requiredInt(String key) {
        Object v = options.get(key);
        if (v == null) {
            throw new UnsupportedModelException(describe() + ": option '" + key + "' is missing");
        }
        return toInt(key, v);
    }

    /**
     * An n-tuple of ints, accepting a single int as Keras does ({@code kernel_size=3} means
     * {@code (3, 3)} for a 2D layer).
     */
    public int[] ints(String key, int n, int[] defaultValue) {
        Object v = options.get(key);
        if (v == null) {
            return defaultValue == null ? null : defaultValue.clone();
        }
        if (v instanceof Number) {
            int[] out = new int[n];
            java.util.Arrays.fill(out, toInt(key, v));
            return out;
        }
        if (v instanceof List<?> list) {
            if (list.size() != n) {
                throw invalid(key, v, n + " integers");
            }
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = toInt(key, list.get(i));
            }
            return out;
        }
        throw invalid(key, v, n + " integers");
    }

    /** A list of ints of any length ({@code target_shape}, {@code dims}, ...); null when absent. */
    public int[] intList(String key) {
        Object v = options.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number) {
            return new int[] {toInt(key, v)};
        }
        if (v instanceof List<?> list) {
            int[] out = new int[list.size()];
            for (int i = 0; i < out.length; i++) {
                Object e = list.get(i);
                out[i] = e == null ? Shape.UNKNOWN : toInt(key, e);
            }
            return out;
        }
        throw invalid(key, v, "a list of integers");
    }

    /** A nested layer (the {@code layer} of {@code Bidirectional} or {@code TimeDistributed}). */
    public LayerConfig nested(String key) {
        Object v = options.get(key);
        if (v instanceof LayerConfig c) {
            return c;
        }
        throw new UnsupportedModelException(describe() + ": option '" + key + "' does not hold a layer");
    }

    /** {@code name (ClassName)}, the prefix of every message about this layer. */
    public String describe() {
        return name + " (" + className + ")";
    }

    private int toInt(String key, Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                return (int) d;
            }
        }
        throw invalid(key, v, "an integer");
    }

    private UnsupportedModelException invalid(String key, Object v, String expected) {
        return new UnsupportedModelException(describe() + ": option '" + key + "' is " + v + ", expected " + expected);
    }

    @Override
    public String toString() {
        return describe() + options;
    }
}
