package dev.keras2j.reference;

import dev.keras2j.model.NdArray;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes float32 arrays as an uncompressed NumPy {@code .npz} archive (one stored {@code <key>.npy} entry per
 * array, in map order), readable by {@code numpy.load}.
 */
public final class NpzWriter {
    /** Fixed entry time so that equal content gives byte-identical archives. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private NpzWriter() {
    }

    /**
     * Writes {@code arrays} (key → array; keys may contain {@code /}) to {@code file} atomically.
     *
     * @throws IllegalArgumentException if a key is empty
     * @throws ReferenceFormatException if the file cannot be written
     */
    public static void write(Path file, Map<String, NdArray> arrays) {
        for (String key : arrays.keySet()) {
            if (key.isEmpty() || key.startsWith("/") || key.endsWith("/")) {
                throw new IllegalArgumentException("invalid .npz key '" + key + "'");
            }
        }
        AtomicReferenceWrite.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
                byte[] bytes = NpyWriter.toBytes(e.getValue());
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(bytes.length);
                entry.setCompressedSize(bytes.length);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                entry.setCrc(crc.getValue());
                entry.setTimeLocal(ENTRY_TIME);
                zip.putNextEntry(entry);
                zip.write(bytes);
                zip.closeEntry();
            }
            zip.finish();
        });
    }
}
