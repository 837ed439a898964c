package dev.keras2j.reference;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Locates the files made by src/test/resources/reference/gen_reference_cases.py. */
final class ReferenceFiles {
    private ReferenceFiles() {
    }

    static Path path(String relative) {
        URL url = ReferenceFiles.class.getResource("/reference/" + relative);
        if (url == null) {
            throw new IllegalStateException("missing test resource reference/" + relative
                    + " (run gen_reference_cases.py)");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** arange(n) - 6 as float: the base values the generator encodes in every dtype. */
    static float[] base(int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = i - 6;
        }
        return out;
    }
}
