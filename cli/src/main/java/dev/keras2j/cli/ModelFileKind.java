package dev.keras2j.cli;

import dev.keras2j.container.ContainerType;
import dev.keras2j.container.Hdf5Container;
import dev.keras2j.container.JsonDocument;
import dev.keras2j.container.ZipContainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** What a file found by a batch is, told by its content where possible and by its name otherwise. */
enum ModelFileKind {
    /** A full model: HDF5 with {@code model_config}, a zip with {@code config.json}, or a JSON with {@code class_name}. */
    MODEL,
    /** An architecture JSON: a model that needs a weights file. */
    ARCHITECTURE,
    /** A weights-only HDF5 ({@code layer_names} or a Keras 3 {@code layers} group, no {@code model_config}). */
    WEIGHTS,
    /** A model file by name that cannot be read (truncated, empty, wrong bytes, malformed JSON): reported as an error. */
    UNREADABLE,
    /** Anything else: references, data, notes. Not part of the batch. */
    OTHER;

    /** Extensions whose files are never models, so their content is not opened. */
    private static final Set<String> DATA_EXTENSIONS = Set.of("npz", "npy", "csv", "tsv", "txt", "md", "py", "zip",
            "png", "jpg", "gz", "tar", "log", "html", "xml", "yaml", "yml", "pb", "onnx", "pt", "pth");
    /** Extensions that promise a model: such a file that cannot be read is an error, not something to skip. */
    private static final Set<String> MODEL_EXTENSIONS = Set.of("h5", "hdf5", "keras", "json");
    /** Larger JSON than this is not a Keras architecture (the reader refuses it too). */
    private static final long MAX_JSON_BYTES = 64L << 20;

    /** Classifies a regular file. Never throws: an unreadable file is {@link #UNREADABLE} or {@link #OTHER}. */
    static ModelFileKind of(Path file) {
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        String ext = extension(lower);
        if (name.startsWith(".") || DATA_EXTENSIONS.contains(ext) || lower.endsWith("_inputs_and_outputs.h5")) {
            return OTHER;
        }
        ModelFileKind byContent;
        try {
            byContent = switch (ContainerType.detect(file)) {
                case HDF5 -> hdf5(file);
                case ZIP -> zip(file);
                case JSON -> json(file);
                case UNKNOWN -> null;
            };
        } catch (IOException | RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // Any failure to look inside means "cannot be read"; the batch job reports the reader's reason.
            byContent = null;
        }
        if (byContent != null) {
            return byContent;
        }
        return MODEL_EXTENSIONS.contains(ext) ? UNREADABLE : OTHER;
    }

    private static ModelFileKind hdf5(Path file) {
        try (Hdf5Container h5 = Hdf5Container.open(file)) {
            var root = h5.root();
            if (h5.hasAttribute(root, "model_config")) {
                return MODEL;
            }
            if (h5.hasAttribute(root, "layer_names") || h5.group(root, "layers") != null
                    || h5.group(root, "model_weights") != null) {
                return WEIGHTS;
            }
            return OTHER;
        }
    }

    private static ModelFileKind zip(Path file) {
        try (ZipContainer zip = ZipContainer.open(file)) {
            return zip.has("config.json") ? MODEL : OTHER;
        }
    }

    private static ModelFileKind json(Path file) throws IOException {
        if (Files.size(file) > MAX_JSON_BYTES) {
            return OTHER;
        }
        Object doc = JsonDocument.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        return doc instanceof Map<?, ?> m && m.containsKey("class_name") ? ARCHITECTURE : OTHER;
    }

    static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
