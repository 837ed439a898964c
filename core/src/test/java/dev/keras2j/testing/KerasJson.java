package dev.keras2j.testing;

import com.google.gson.Gson;
import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.Shape;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Test-only access to Keras 3 JSON (architecture files, {@code get_config()} dumps): until the model
 * reader exists, layer tests build their {@link LayerConfig}s straight from Keras's own configs.
 */
public final class KerasJson {
    private KerasJson() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            return new Gson().fromJson(r, Map.class);
        }
    }

    /** A Keras 3 layer config ({@code {"class_name": ..., "config": {...}}}) as a LayerConfig. */
    @SuppressWarnings("unchecked")
    public static LayerConfig layer(Map<String, Object> layer) {
        Map<String, Object> config = (Map<String, Object>) layer.get("config");
        return layer((String) layer.get("class_name"), config);
    }

    public static LayerConfig layer(String className, Map<String, Object> config) {
        return new LayerConfig(className, (String) config.get("name"), config, 3);
    }

    /** A JSON shape list ({@code null} for None), without its leading batch entry when {@code dropBatch}. */
    public static Shape shape(List<?> dims, boolean dropBatch) {
        int from = dropBatch ? 1 : 0;
        int[] out = new int[dims.size() - from];
        for (int i = from; i < dims.size(); i++) {
            Object d = dims.get(i);
            out[i - from] = d == null ? Shape.UNKNOWN : ((Number) d).intValue();
        }
        return Shape.of(out);
    }
}
