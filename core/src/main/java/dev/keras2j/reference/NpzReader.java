package dev.keras2j.reference;

import dev.keras2j.container.ZipContainer;
import dev.keras2j.model.Keras2jException;
import dev.keras2j.model.NdArray;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

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
        // Through the container package: its entry-count, total-size and compression-ratio limits apply.
        try (ZipContainer zip = ZipContainer.open(npz)) {
            for (ZipContainer.Entry entry : zip.entries()) {
                if (entry.directory()) {
                    continue;
                }
                String name = entry.name();
                if (!name.endsWith(".npy") || name.length() == 4) {
                    throw new ReferenceFormatException(source + ": entry " + name + " is not a <key>.npy array");
                }
                String key = name.substring(0, name.length() - 4);
                String entrySource = source + ":" + key;
                if (arrays.containsKey(key)) {
                    throw new ReferenceFormatException(source + ": key " + key + " appears twice");
                }
                long size = entry.size();
                if (size < 0) {
                    throw new ReferenceFormatException(entrySource + ": zip entry has no recorded size");
                }
                try (InputStream in = new BufferedInputStream(zip.stream(name, Integer.MAX_VALUE - 8L, null))) {
                    arrays.put(key, NpyReader.read(in, size, entrySource));
                } catch (IOException e) {
                    throw new ReferenceFormatException(entrySource + ": corrupt zip entry: " + e, e);
                }
            }
        } catch (ReferenceFormatException e) {
            throw e;
        } catch (Keras2jException e) {
            throw new ReferenceFormatException(e.getMessage(), e);
        }
        return Collections.unmodifiableMap(arrays);
    }
}
