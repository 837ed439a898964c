package dev.keras2j.cli;

import java.nio.file.Path;

/**
 * One model found by {@link ModelDiscovery}.
 *
 * @param model    the model file (a full {@code .h5}, a {@code .keras} archive or an architecture JSON), or a
 *                 file that looks like one by name but cannot be read (reported as an error, not skipped)
 * @param weights  the weights file paired with an architecture JSON, or {@code null}
 * @param relative the model's path relative to the input it was found under, with {@code /} separators,
 *                 e.g. {@code a/b/m.h5}; output names mirror it
 */
record ModelSource(Path model, Path weights, String relative) {
    /** The file name without its model extension ({@code m} for {@code m.h5}, {@code m.weights} never occurs). */
    String stem() {
        return ModelDiscovery.stem(model.getFileName().toString());
    }
}
