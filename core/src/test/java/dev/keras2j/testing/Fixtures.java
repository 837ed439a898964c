package dev.keras2j.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the Keras-generated fixtures of the repository for tests. */
public final class Fixtures {
    private Fixtures() {
    }

    /**
     * The fixtures directory: system property {@code keras2j.fixtures} when set, else
     * {@code <keras2j.root>/fixtures}. Fails (never skips) when it has no {@code index.json}.
     */
    public static Path dir() {
        String explicit = System.getProperty("keras2j.fixtures");
        Path dir = explicit != null ? Path.of(explicit)
                : Path.of(System.getProperty("keras2j.root", ".")).resolve("fixtures");
        if (!Files.isRegularFile(dir.resolve("index.json"))) {
            throw new IllegalStateException("no fixtures/index.json under " + dir.toAbsolutePath()
                    + "; generate them with fixtures/generate.py or set -Dkeras2j.fixtures=<dir>");
        }
        return dir;
    }
}
