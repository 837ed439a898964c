package dev.keras2j.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The record of finished exports kept in OUTDIR ({@value #FILE_NAME}): per output, the SHA-256 of the input
 * it was made from and the keras2j version that made it. An output whose input and keras2j are unchanged is
 * up to date, so an interrupted batch resumes where it stopped. Rewritten atomically after every export;
 * a missing or unreadable manifest only means everything is exported again.
 */
final class BatchManifest {
    static final String FILE_NAME = ".keras2j-manifest.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls()
            .setFieldNamingPolicy(com.google.gson.FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).create();

    /**
     * One finished export.
     *
     * @param validated whether the export was validated (a run with {@code --validate} redoes exports made without)
     */
    record Entry(String input, String inputSha256, String keras2jVersion, boolean validated, String format,
                 String kerasVersion, long params, Double maxAbsError) {
    }

    private final Path file;
    private final Map<String, Entry> entries;

    private BatchManifest(Path file, Map<String, Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    static BatchManifest load(Path outDir) {
        Path file = outDir.resolve(FILE_NAME);
        Map<String, Entry> entries = new TreeMap<>();
        if (Files.isRegularFile(file)) {
            try {
                Map<String, Entry> read = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8),
                        new TypeToken<Map<String, Entry>>() { }.getType());
                if (read != null) {
                    entries.putAll(read);
                }
            } catch (IOException | JsonParseException e) {
                // A damaged manifest only costs re-exporting; it must not stop the batch.
            }
        }
        return new BatchManifest(file, entries);
    }

    /** The entry for an output if it exists on disk and was made from this input by this keras2j version. */
    synchronized Entry upToDate(String outputName, Path output, String inputSha256, String version,
                                boolean needValidated) {
        Entry e = entries.get(outputName);
        if (e == null || !Files.isRegularFile(output) || !inputSha256.equals(e.inputSha256())
                || !version.equals(e.keras2jVersion()) || (needValidated && !e.validated())) {
            return null;
        }
        return e;
    }

    synchronized void record(String outputName, Entry entry) throws IOException {
        entries.put(outputName, entry);
        AtomicWrite.text(file, GSON.toJson(entries));
    }

    synchronized void forget(String outputName) throws IOException {
        if (entries.remove(outputName) != null) {
            AtomicWrite.text(file, GSON.toJson(entries));
        }
    }
}
