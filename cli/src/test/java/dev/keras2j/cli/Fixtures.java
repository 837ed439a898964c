package dev.keras2j.cli;

import java.nio.file.Path;

/** The repository's committed fixtures: {@code <keras2j.root>/fixtures}, the root set by surefire. */
final class Fixtures {
    private Fixtures() {
    }

    static Path root() {
        return Path.of(System.getProperty("keras2j.root", "..")).resolve("fixtures");
    }

    /** A fixture file, relative to the fixtures folder. */
    static Path file(String relative) {
        return root().resolve(relative);
    }

    static Path model(String name, String extension) {
        return file("models/" + name + "/" + name + extension);
    }
}
