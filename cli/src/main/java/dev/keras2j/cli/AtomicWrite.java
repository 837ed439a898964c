package dev.keras2j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes report and manifest files so that no reader ever sees half of one: the text goes to a temporary file
 * in the same folder (named {@value #TEMP_PREFIX}..., never mistaken for an output), which is renamed over the
 * target.
 */
final class AtomicWrite {
    /** Prefix of every temporary file or folder a batch creates; a later run deletes leftovers. */
    static final String TEMP_PREFIX = ".keras2j-tmp-";

    private AtomicWrite() {
    }

    static void text(Path target, String text) throws IOException {
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temp = Files.createTempFile(absolute.getParent(), TEMP_PREFIX, ".part");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            move(temp, absolute);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static void bytes(Path target, byte[] bytes) throws IOException {
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temp = Files.createTempFile(absolute.getParent(), TEMP_PREFIX, ".part");
        try {
            Files.write(temp, bytes);
            readableByAll(temp);
            move(temp, absolute);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A temporary file is private (rw-------); a picture or page is for everyone to read, as files usually are. */
    private static void readableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: files are readable by their folder's users already.
        }
    }

    /** Renames {@code from} over {@code to}, atomically where the file system can. */
    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
