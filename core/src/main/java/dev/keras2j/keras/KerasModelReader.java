package dev.keras2j.keras;

import dev.keras2j.model.ModelSpec;

import java.nio.file.Path;

/**
 * Reads any Keras serialization (legacy HDF5, {@code .keras} archive, architecture JSON plus weights),
 * detected by content, into a {@link ModelSpec} with Keras 3 names and layouts.
 */
public final class KerasModelReader {
    private KerasModelReader() {
    }

    /**
     * Reads a model.
     *
     * @param model   the model file
     * @param weights the weights file for an architecture JSON, or {@code null} to look beside it
     * @throws dev.keras2j.model.Keras2jException on any unreadable, corrupt or refused input
     */
    public static ModelSpec read(Path model, Path weights) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
