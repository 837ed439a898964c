package dev.keras2j.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's fixtures folder: {@code <keras2j.root>/fixtures}, set by surefire. */
final class Fixtures {
    private Fixtures() {
    }

    static Path root() {
        String root = System.getProperty("keras2j.root");
        if (root != null) {
            Path p = Path.of(root, "fixtures");
            if (Files.isDirectory(p.resolve("models"))) {
                return p;
            }
        }
        return Path.of("/work/main/fixtures");
    }

    /** A fixture file; looks in the development fixtures too for files not yet committed. */
    static Path file(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            Path dev = Path.of("/work/main/fixtures").resolve(relative);
            if (Files.exists(dev)) {
                return dev;
            }
        }
        return p;
    }

    static Path model(String name, String extension) {
        return file("models/" + name + "/" + name + extension);
    }
}
