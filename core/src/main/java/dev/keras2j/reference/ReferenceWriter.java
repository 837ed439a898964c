package dev.keras2j.reference;

import dev.keras2j.model.NdArray;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes references as {@code .npz} in the layout {@link Reference#load(Path)} reads: {@code input} (or
 * {@code input_0}, ...), {@code output} (or {@code output_0}, ...) and {@code layer/<name>}.
 */
public final class ReferenceWriter {
    private ReferenceWriter() {
    }

    /**
     * Writes predictions: the inputs they were computed from and the model's outputs, atomically.
     *
     * @throws ReferenceFormatException if the file cannot be written
     */
    public static void writePredictions(Path npz, List<NdArray> inputs, List<NdArray> outputs) {
        write(npz, inputs, outputs, Map.of());
    }

    /** Writes a whole reference (inputs, outputs, per-layer outputs), atomically. */
    public static void write(Path npz, Reference reference) {
        write(npz, reference.inputs(), reference.outputs(), reference.layerOutputs());
    }

    /** Writes inputs, outputs and per-layer outputs (layer name → output, may be empty), atomically. */
    public static void write(Path npz, List<NdArray> inputs, List<NdArray> outputs, Map<String, NdArray> layers) {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        putNumbered(arrays, "input", inputs);
        putNumbered(arrays, "output", outputs);
        layers.forEach((name, array) -> arrays.put("layer/" + name, array));
        NpzWriter.write(npz, arrays);
    }

    private static void putNumbered(Map<String, NdArray> arrays, String base, List<NdArray> values) {
        if (values.size() == 1) {
            arrays.put(base, values.get(0));
        } else {
            for (int i = 0; i < values.size(); i++) {
                arrays.put(base + "_" + i, values.get(i));
            }
        }
    }
}
