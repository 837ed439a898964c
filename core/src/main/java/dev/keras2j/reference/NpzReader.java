package dev.keras2j.reference;

import dev.keras2j.model.NdArray;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads NumPy {@code .npz} archives (as written by {@code numpy.savez} and {@code savez_compressed}): a zip of
 * {@code <key>.npy} entries, stored or deflated. Keys may contain {@code /} (e.g. {@code layer/dense_1}).
 */
public final class NpzReader {
    private NpzReader() {
    }

    /**
     * Reads every array of the archive.
     *
     * @return key (entry name without {@code .npy}) → array, in the archive's entry order; unmodifiable
     * @throws ReferenceFormatException if the archive or any entry is unreadable, or an entry is not a .npy array
     */
    public static Map<String, NdArray> read(Path npz) {
        String source = npz.toString();
        if (!Files.isRegularFile(npz)) {
            throw new ReferenceFormatException(source + ": file not found");
        }
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(npz.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                if (!name.endsWith(".npy") || name.length() == 4) {
                    throw new ReferenceFormatException(source + ": entry " + name + " is not a <key>.npy array");
                }
                String key = name.substring(0, name.length() - 4);
                String entrySource = source + ":" + key;
                if (arrays.containsKey(key)) {
                    throw new ReferenceFormatException(source + ": key " + key + " appears twice");
                }
                long size = entry.getSize();
                if (size < 0) {
                    throw new ReferenceFormatException(entrySource + ": zip entry has no recorded size");
                }
                try (InputStream in = new BufferedInputStream(zip.getInputStream(entry))) {
                    arrays.put(key, NpyReader.read(in, size, entrySource));
                } catch (IOException e) {
                    throw new ReferenceFormatException(entrySource + ": corrupt zip entry: " + e, e);
                }
            }
        } catch (ZipException e) {
            throw new ReferenceFormatException(source + ": not a readable .npz (zip) archive: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ReferenceFormatException(source + ": cannot read .npz archive: " + e.getMessage(), e);
        }
        return Collections.unmodifiableMap(arrays);
    }
}
