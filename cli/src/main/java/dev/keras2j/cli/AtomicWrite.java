package dev.keras2j.cli;

import dev.keras2j.container.AtomicFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The CLI's text outputs (reports, manifests) written through {@link AtomicFile}, keras2j's one atomic writer:
 * no reader ever sees half of one, and temporary files are named {@value #TEMP_PREFIX}..., never mistaken for
 * an output.
 */
final class AtomicWrite {
    /** Prefix of every temporary file or folder keras2j creates; a later run deletes leftovers. */
    static final String TEMP_PREFIX = AtomicFile.TEMP_PREFIX;

    private AtomicWrite() {
    }

    static void text(Path target, String text) throws IOException {
        AtomicFile.write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes bytes (a picture, a page) atomically; AtomicFile gives new files the default, readable mode. */
    static void bytes(Path target, byte[] bytes) throws IOException {
        AtomicFile.write(target, out -> out.write(bytes));
    }

    /** Renames a staged file over {@code to}, keeping an existing file's permissions. */
    static void move(Path from, Path to) throws IOException {
        AtomicFile.commit(from, to);
    }
}
