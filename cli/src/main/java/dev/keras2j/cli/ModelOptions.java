package dev.keras2j.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/**
 * The model a command reads, as a picocli mixin: the {@code MODEL} file (first positional parameter) and the
 * {@code --weights} file that an architecture JSON needs.
 */
final class ModelOptions {
    @Parameters(index = "0", paramLabel = "MODEL", description = "A .h5, .keras or architecture .json file.")
    Path model;

    @Option(names = "--weights", paramLabel = "W", description = "Weights file for an architecture JSON.")
    Path weights;
}
