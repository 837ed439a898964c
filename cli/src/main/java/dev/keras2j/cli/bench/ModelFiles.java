package dev.keras2j.cli.bench;

import java.nio.file.Path;

/**
 * The files an engine loads: one model file ({@code .h5}, {@code .keras}), or an architecture JSON with its
 * weights file.
 *
 * @param model   the model file or the architecture JSON
 * @param weights the weights for an architecture JSON; {@code null} otherwise
 */
public record ModelFiles(Path model, Path weights) {
    /** One model file, without a separate weights file. */
    public static ModelFiles of(Path model) {
        return new ModelFiles(model, null);
    }
}
