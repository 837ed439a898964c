package dev.keras2j.cli;

import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.NdArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An export format of {@code convert} and {@code batch}: how to write a checked model in it, and how to run
 * the written file with the target's own runtime for verification.
 */
interface ExportTarget {
    /** What an export wrote. */
    record Written(Path file, List<Path> companions, String summary, Map<String, Object> json) {
    }

    /** The {@code --to} name. */
    String name();

    /** The output file's extension, with its dot. */
    String extension();

    /** How output lines name the export ("DL4J export", "ONNX export"). */
    String label();

    /**
     * Writes the model to {@code file}; companion files (ONNX external data) go beside it.
     *
     * @throws dev.keras2j.model.UnsupportedModelException when a layer has no exact equivalent
     */
    Written write(CheckedModel model, Path file) throws IOException;

    /** Runs the written file with the target's runtime on {@code inputs} (Keras layout), all of its outputs. */
    List<NdArray> predict(Written written, List<NdArray> inputs) throws IOException;
}
