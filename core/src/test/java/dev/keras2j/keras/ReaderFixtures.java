package dev.keras2j.keras;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The small Keras files written by {@code make_reader_fixtures.py} beside the tests. */
public final class ReaderFixtures {
    private ReaderFixtures() {
    }

    public static Path path(String name) {
        try {
            return Path.of(ReaderFixtures.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }
}
