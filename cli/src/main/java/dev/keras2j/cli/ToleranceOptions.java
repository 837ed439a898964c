package dev.keras2j.cli;

import dev.keras2j.reference.Comparison;
import picocli.CommandLine.Option;

/**
 * The {@code --atol} and {@code --rtol} tolerances of a comparison with a reference, as a picocli mixin; both
 * default to {@link Comparison}'s.
 */
final class ToleranceOptions {
    @Option(names = "--atol", paramLabel = "A", description = "Absolute tolerance (default: ${DEFAULT-VALUE}).")
    double atol = Comparison.DEFAULT_ATOL;

    @Option(names = "--rtol", paramLabel = "R", description = "Relative tolerance (default: ${DEFAULT-VALUE}).")
    double rtol = Comparison.DEFAULT_RTOL;
}
