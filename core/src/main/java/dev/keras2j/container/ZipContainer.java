package dev.keras2j.container;

import dev.keras2j.model.Limits;
import dev.keras2j.model.ModelFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A zip archive read without extracting anything to disk. Every entry name is checked for path
 * traversal; the entry count and the total uncompressed size are checked against {@link Limits} when the
 * archive is opened; and an entry is inflated as a stream that stops as soon as it passes its declared size,
 * the size possible for the archive's real size, the caller's limit or the compression-ratio limit, so a
 * decompression bomb is refused after a bounded amount of work.
 */
public final class ZipContainer implements AutoCloseable {
    /** Deflate cannot expand data by more than about 1032:1. */
    private static final long MAX_COMPRESSION_RATIO = 1100;

    private final ZipFile zip;
    private final Path file;
    private final long fileSize;

    private ZipContainer(ZipFile zip, Path file, long fileSize) {
        this.zip = zip;
        this.file = file;
        this.fileSize = fileSize;
    }

    /**
     * Opens an archive and validates every entry name.
     *
     * @throws ModelFormatException when the archive is corrupt or an entry name escapes the archive
     */
    public static ZipContainer open(Path file) {
        ZipFile zip;
        long size;
        try {
            size = Files.size(file);
            zip = new ZipFile(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new ModelFormatException(file + ": not a readable zip archive (truncated or corrupt?): "
                    + Hdf5Container.describe(e), e);
        }
        ZipContainer c = new ZipContainer(zip, file, size);
        try {
            long maxEntries = Limits.ZIP_ENTRIES.value();
            if (zip.size() > maxEntries) {
                throw new ModelFormatException(file + ": refused: the archive has " + zip.size() + " entries; "
                        + Limits.ZIP_ENTRIES.hint());
            }
            long total = 0;
            for (Entry e : c.entries()) {
                checkName(file, e.name());
                total += Math.max(0, e.size());
            }
            if (total > Limits.ZIP_TOTAL_BYTES.value()) {
                throw new ModelFormatException(file + ": refused: the archive's entries declare " + total
                        + " uncompressed bytes in all; " + Limits.ZIP_TOTAL_BYTES.hint());
            }
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static void checkName(Path file, String name) {
        String n = name.replace('\\', '/');
        boolean absolute = n.startsWith("/") || (n.length() > 1 && n.charAt(1) == ':');
        boolean traversal = false;
        for (String part : n.split("/")) {
            if (part.equals("..")) {
                traversal = true;
            }
        }
        if (absolute || traversal) {
            throw new ModelFormatException(file + ": refused: archive entry '" + name + "' has "
                    + (absolute ? "an absolute path" : "a '..' path") + " (a path-traversal archive)");
        }
    }

    /**
     * One entry of the central directory.
     *
     * @param name           the entry name
     * @param size           the declared uncompressed size, or -1
     * @param compressedSize the declared compressed size, or -1
     * @param directory      whether the entry is a folder
     */
    public record Entry(String name, long size, long compressedSize, boolean directory) {
    }

    /** The entries in archive order. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        try {
            Enumeration<? extends ZipEntry> en = zip.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                out.add(new Entry(e.getName(), e.getSize(), e.getCompressedSize(), e.isDirectory()));
            }
        } catch (RuntimeException e) {
            throw new ModelFormatException(file + ": corrupt zip directory: " + Hdf5Container.describe(e), e);
        }
        return out;
    }

    /** The entry names in archive order. */
    public List<String> names() {
        return entries().stream().map(Entry::name).toList();
    }

    public boolean has(String name) {
        return zip.getEntry(name) != null;
    }

    /**
     * A read-only memory map of a stored (uncompressed) entry's bytes inside the archive file, or
     * {@code null} when the entry is compressed or its position cannot be read (then use {@link #read}).
     * Keras writes {@code .keras} archives uncompressed, so the weights HDF5 is read in place: the heap
     * then holds only the weight arrays, not a copy of the file as well.
     *
     * @throws ModelFormatException when the entry is missing
     */
    public java.nio.ByteBuffer mapStored(String name) {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new ModelFormatException(file + ": the archive has no '" + name + "' entry");
        }
        if (e.getMethod() != ZipEntry.STORED || e.getSize() < 0 || e.getSize() != e.getCompressedSize()) {
            return null;
        }
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            long header = localHeaderOffset(ch, name);
            if (header < 0) {
                return null;
            }
            java.nio.ByteBuffer lh = java.nio.ByteBuffer.allocate(30).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            if (ch.read(lh, header) != 30 || lh.getInt(0) != 0x04034b50) {
                return null;
            }
            long data = header + 30 + (lh.getShort(26) & 0xffff) + (lh.getShort(28) & 0xffff);
            if (data + e.getSize() > fileSize) {
                return null;
            }
            return ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, data, e.getSize());
        } catch (IOException | RuntimeException ex) {
            return null;
        }
    }

    /** The local header offset of {@code name} from the central directory, or -1 (e.g. a ZIP64 archive). */
    private long localHeaderOffset(java.nio.channels.FileChannel ch, String name) throws IOException {
        int tail = (int) Math.min(fileSize, 22 + 65535);
        java.nio.ByteBuffer end = java.nio.ByteBuffer.allocate(tail).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        ch.read(end, fileSize - tail);
        int eocd = -1;
        for (int i = tail - 22; i >= 0; i--) {
            if (end.getInt(i) == 0x06054b50) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            return -1;
        }
        long dirSize = end.getInt(eocd + 12) & 0xffffffffL;
        long dirOffset = end.getInt(eocd + 16) & 0xffffffffL;
        if (dirOffset == 0xffffffffL || dirOffset + dirSize > fileSize || dirSize > Integer.MAX_VALUE) {
            return -1;
        }
        java.nio.ByteBuffer dir = java.nio.ByteBuffer.allocate((int) dirSize).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        ch.read(dir, dirOffset);
        byte[] wanted = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int p = 0;
        while (p + 46 <= dirSize && dir.getInt(p) == 0x02014b50) {
            int nameLen = dir.getShort(p + 28) & 0xffff;
            int extraLen = dir.getShort(p + 30) & 0xffff;
            int commentLen = dir.getShort(p + 32) & 0xffff;
            if (p + 46 + nameLen > dirSize) {
                return -1;
            }
            if (nameLen == wanted.length && java.util.Arrays.equals(wanted, 0, nameLen,
                    dir.array(), p + 46, p + 46 + nameLen)) {
                long offset = dir.getInt(p + 42) & 0xffffffffL;
                return offset == 0xffffffffL ? -1 : offset;
            }
            p += 46 + nameLen + extraLen + commentLen;
        }
        return -1;
    }

    /**
     * The bytes of an entry.
     *
     * @throws ModelFormatException when the entry is missing, declares an impossible size or is corrupt
     */
    public byte[] read(String name) {
        return read(name, Integer.MAX_VALUE - 8L, null);
    }

    /**
     * The bytes of an entry of at most {@code maxBytes} bytes, refused (naming {@code limit} when given) as
     * soon as more inflate.
     */
    public byte[] read(String name, long maxBytes, Limits limit) {
        try (InputStream in = stream(name, maxBytes, limit)) {
            return in.readAllBytes();
        } catch (IOException ex) {
            throw failure(name, ex);
        }
    }

    /**
     * The uncompressed bytes of an entry as a stream that fails with a {@link ModelFormatException} as soon as
     * it passes the entry's declared size, what the archive's real size allows, {@code maxBytes} or the
     * compression-ratio limit.
     */
    public InputStream stream(String name, long maxBytes, Limits limit) {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new ModelFormatException(file + ": the archive has no '" + name + "' entry");
        }
        long possible = Math.min(Integer.MAX_VALUE - 8L,
                e.getMethod() == ZipEntry.STORED ? fileSize : fileSize * MAX_COMPRESSION_RATIO);
        long declared = e.getSize();
        if (declared > possible || e.getCompressedSize() > fileSize) {
            throw new ModelFormatException(file + ": archive entry '" + name + "' declares " + declared
                    + " bytes, impossible in an archive of " + fileSize + " bytes");
        }
        if (declared > maxBytes) {
            throw new ModelFormatException(file + ": refused: archive entry '" + name + "' declares " + declared
                    + " bytes" + (limit == null ? "" : "; " + limit.hint()));
        }
        try {
            return new Bounded(zip.getInputStream(e), name, declared, Math.min(possible, maxBytes), limit,
                    e.getMethod() == ZipEntry.STORED ? -1 : e.getCompressedSize());
        } catch (IOException | RuntimeException ex) {
            throw failure(name, ex);
        }
    }

    private ModelFormatException failure(String name, Exception ex) {
        if (ex instanceof ModelFormatException m) {
            return m;
        }
        if (ex instanceof ZipException) {
            return new ModelFormatException(file + ": archive entry '" + name + "' is corrupt: " + Hdf5Container.describe(ex), ex);
        }
        return new ModelFormatException(file + ": cannot read archive entry '" + name + "': " + Hdf5Container.describe(ex), ex);
    }

    /** An entry's stream, counted as it inflates. */
    private final class Bounded extends java.io.FilterInputStream {
        private final String name;
        private final long declared;
        private final long max;
        private final Limits limit;
        private final long compressed;
        private long count;

        Bounded(InputStream in, String name, long declared, long max, Limits limit, long compressed) {
            super(in);
            this.name = name;
            this.declared = declared;
            this.max = max;
            this.limit = limit;
            this.compressed = compressed;
        }

        @Override
        public int read() throws IOException {
            int b = guarded(() -> super.read());
            if (b >= 0) {
                advance(1);
            } else {
                atEnd();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = guarded(() -> super.read(b, off, len));
            if (n > 0) {
                advance(n);
            } else if (n < 0) {
                atEnd();
            }
            return n;
        }

        private interface Read {
            int run() throws IOException;
        }

        private int guarded(Read r) throws IOException {
            try {
                return r.run();
            } catch (ZipException ex) {
                throw failure(name, ex);
            } catch (RuntimeException ex) {
                // The JDK's inflater reports some corrupt streams with runtime exceptions.
                throw failure(name, ex);
            }
        }

        private void advance(int n) {
            count += n;
            if (declared >= 0 && count > declared) {
                throw new ModelFormatException(file + ": archive entry '" + name + "' inflates past the "
                        + declared + " bytes it declares");
            }
            if (count > max) {
                throw new ModelFormatException(file + ": refused: archive entry '" + name + "' inflates past "
                        + max + " bytes" + (limit == null ? "" : "; " + limit.hint()));
            }
            long ratio = Limits.COMPRESSION_RATIO.value();
            if (compressed > 0 && count > Limits.RATIO_GRACE_BYTES && count / ratio > compressed) {
                throw new ModelFormatException(file + ": refused: archive entry '" + name + "' inflates more than "
                        + ratio + ":1 (a decompression bomb?); " + Limits.COMPRESSION_RATIO.hint());
            }
        }

        private void atEnd() {
            if (declared >= 0 && count != declared) {
                throw new ModelFormatException(file + ": archive entry '" + name + "' holds " + count
                        + " bytes but declares " + declared);
            }
        }
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException e) {
            // Nothing was written; a failed close loses nothing.
        }
    }
}
