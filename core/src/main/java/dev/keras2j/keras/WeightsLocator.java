package dev.keras2j.keras;

import dev.keras2j.container.ContainerType;
import dev.keras2j.model.ModelFormatException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the weights file of an architecture JSON: the file beside it that shares its stem
 * ({@code m.json} → {@code m.weights.h5}, {@code m_weights.h5}, {@code m.h5}; {@code m_config.json} →
 * {@code m_weights.h5}), or else the only HDF5 file in its folder.
 */
public final class WeightsLocator {
    private WeightsLocator() {
    }

    /** The file names tried beside {@code json}, in order of preference. */
    public static List<String> candidateNames(Path json) {
        String file = json.getFileName().toString();
        String stem = file.toLowerCase().endsWith(".json") ? file.substring(0, file.length() - 5) : file;
        List<String> candidates = new ArrayList<>();
        if (stem.endsWith("_config")) {
            String base = stem.substring(0, stem.length() - "_config".length());
            candidates.addAll(List.of(base + "_weights.h5", base + ".weights.h5", base + "_weights.hdf5", base + ".h5"));
        }
        candidates.addAll(List.of(stem + ".weights.h5", stem + "_weights.h5", stem + ".h5", stem + ".hdf5"));
        return candidates;
    }

    /**
     * The weights file for {@code json}.
     *
     * @throws ModelFormatException when none or several candidates exist
     */
    public static Path locate(Path json) {
        Path dir = json.toAbsolutePath().getParent();
        List<String> candidates = candidateNames(json);
        for (String c : candidates) {
            Path p = dir.resolve(c);
            if (Files.isRegularFile(p) && ContainerType.detect(p) == ContainerType.HDF5) {
                return p;
            }
        }
        List<Path> hdf5 = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                if (Files.isRegularFile(p) && !p.equals(json.toAbsolutePath()) && ContainerType.detect(p) == ContainerType.HDF5) {
                    hdf5.add(p);
                }
            }
        } catch (IOException e) {
            throw new ModelFormatException(json + ": cannot list its folder to find the weights: " + KerasModelReader.oneLine(e), e);
        }
        if (hdf5.size() == 1) {
            return hdf5.get(0);
        }
        throw new ModelFormatException(json + ": an architecture JSON needs its weights file: "
                + (hdf5.isEmpty() ? "no HDF5 file beside it (tried " + String.join(", ", candidates) + ")"
                : hdf5.size() + " HDF5 files beside it, none named after it") + "; pass it with --weights");
    }
}
