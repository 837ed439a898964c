package dev.keras2j.keras;

import dev.keras2j.model.KerasVersion;

import java.util.List;
import java.util.Map;

/**
 * Which Keras dialect a config is written in: the major version, from the recorded {@code keras_version} or
 * else from the option names the config uses, and whether a Keras 1 config orders its axes as Theano did.
 */
final class KerasDialect {
    private KerasDialect() {
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

    /** Whether any layer of a (Keras 1) config says {@code dim_ordering: "th"}. */
    static boolean hasThDimOrdering(Object node) {
        if (node instanceof Map<?, ?> m) {
            if ("th".equals(m.get("dim_ordering"))) {
                return true;
            }
            return m.values().stream().anyMatch(KerasDialect::hasThDimOrdering);
        }
        if (node instanceof List<?> l) {
            return l.stream().anyMatch(KerasDialect::hasThDimOrdering);
        }
        return false;
    }
}
