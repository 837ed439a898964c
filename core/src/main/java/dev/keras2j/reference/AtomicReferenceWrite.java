package dev.keras2j.reference;

import dev.keras2j.container.AtomicFile;

import java.io.IOException;
import java.nio.file.Path;

/** Writes reference files through {@link AtomicFile}, reporting failures as {@link ReferenceFormatException}. */
final class AtomicReferenceWrite {
    private AtomicReferenceWrite() {
    }

    static void write(Path target, AtomicFile.Content content) {
        try {
            AtomicFile.write(target, content);
        } catch (IOException e) {
            throw new ReferenceFormatException(target + ": cannot write: " + e, e);
        }
    }
}
