package dev.keras2j.container;

import dev.keras2j.model.ModelFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** The kind of container a file is, told by its first bytes and never by its name. */
public enum ContainerType {
    /** An HDF5 file (signature at offset 0 or after a user block of 512, 1024, ... bytes). */
    HDF5,
    /** A zip archive. */
    ZIP,
    /** A JSON document (an object or a list). */
    JSON,
    /** None of the above. */
    UNKNOWN;

    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    /**
     * Detects the container of an existing file.
     *
     * @throws ModelFormatException when the file is missing or cannot be read
     */
    public static ContainerType detect(Path file) {
        BasicFileAttributes attributes;
        try {
            // One stat instead of the two of Files.exists and Files.isRegularFile, which treat any
            // failure as absence too.
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new ModelFormatException(file + ": file not found");
        }
        if (!attributes.isRegularFile()) {
            throw new ModelFormatException(file + ": not a regular file");
        }
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
            if (n == 8 && startsWith(head, HDF5_SIGNATURE)) {
                return HDF5;
            }
            if (n >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5) && (head[3] == 4 || head[3] == 6)) {
                return ZIP;
            }
            if (n > 0 && startsJson(head, n, in)) {
                return JSON;
            }
        } catch (IOException e) {
            throw new ModelFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
        return hasHdf5SignatureAfterUserBlock(file) ? HDF5 : UNKNOWN;
    }

    private static boolean startsJson(byte[] head, int n, InputStream rest) throws IOException {
        int i = 0;
        // Skip a UTF-8 byte order mark and leading whitespace.
        if (n >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf) {
            i = 3;
        }
        while (true) {
            int c;
            if (i < n) {
                c = head[i++] & 0xff;
            } else {
                c = rest.read();
                if (c < 0) {
                    return false;
                }
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                continue;
            }
            return c == '{' || c == '[';
        }
    }

    private static boolean hasHdf5SignatureAfterUserBlock(Path file) {
        try (var ch = Files.newByteChannel(file)) {
            long size = ch.size();
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8);
            for (long off = 512; off + 8 <= size && off <= (1L << 30); off *= 2) {
                buf.clear();
                ch.position(off);
                while (buf.hasRemaining() && ch.read(buf) > 0) {
                    // fill
                }
                if (!buf.hasRemaining() && startsWith(buf.array(), HDF5_SIGNATURE)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
