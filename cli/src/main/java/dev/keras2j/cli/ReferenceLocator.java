package dev.keras2j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the reference saved beside a model, for {@code batch --validate}: {@code <stem>.npz},
 * {@code <stem>_inputs_and_outputs.h5} (the stem also without a {@code _model} or {@code _config} suffix), or a
 * folder holding {@code input.npy} with {@code output.npy}/{@code predictions.npy}, or {@code sequences/} with
 * {@code predictions.npy}.
 */
final class ReferenceLocator {
    private static final Pattern NPY_INPUT = Pattern.compile("inputs?(_\\d+)?\\.npy", Pattern.CASE_INSENSITIVE);
    private static final Pattern NPY_OUTPUT =
            Pattern.compile("(outputs?|predictions?)(_\\d+)?\\.npy", Pattern.CASE_INSENSITIVE);

    private ReferenceLocator() {
    }

    /** The reference file or folder for a model, or {@code null} when there is none. */
    static Path find(ModelSource source) {
        Path dir = source.model().toAbsolutePath().getParent();
        String stem = source.stem();
        Set<String> stems = new LinkedHashSet<>();
        stems.add(stem);
        for (String suffix : List.of("_model", "_config")) {
            if (stem.endsWith(suffix) && stem.length() > suffix.length()) {
                stems.add(stem.substring(0, stem.length() - suffix.length()));
            }
        }
        for (String s : stems) {
            for (String name : List.of(s + ".npz", s + "_inputs_and_outputs.h5")) {
                Path p = dir.resolve(name);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        boolean input = false;
        boolean output = false;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                input |= NPY_INPUT.matcher(name).matches();
                output |= NPY_OUTPUT.matcher(name).matches();
            }
        } catch (IOException e) {
            return null;
        }
        boolean sequences = Files.isDirectory(dir.resolve("sequences"));
        return output && (input || sequences) ? dir : null;
    }
}
