package dev.keras2j.cli;

import dev.keras2j.keras.KerasModelReader;
import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.Keras2jException;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.reference.Comparison;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Converts one model of a batch: reads and checks it, exports it to a staging file, optionally validates the
 * export, then renames it into place. Whatever goes wrong (a corrupt file, a refusal, any exception or error,
 * even running out of memory or stack) becomes this model's {@link BatchResult}; nothing escapes to stop the
 * other models.
 */
final class BatchJob {
    /** Settings shared by every job of a batch. */
    record Settings(ExportTarget target, Path outDir, Path stagingDir, BatchManifest manifest, String keras2jVersion, boolean validate,
                    boolean overwrite) {
    }

    private static final int MAX_REASON_CHARS = 2000;

    private final ModelSource source;
    private final Path output;
    private final String outputName;
    private final Settings settings;

    // What has been learned about the model so far, so a failure late in the job still reports it.
    private String format;
    private String kerasVersion;
    private List<BatchResult.LayerRow> layers = List.of();
    private long params = -1;
    private Double maxAbsError;

    BatchJob(ModelSource source, String outputName, Settings settings) {
        this.source = source;
        this.outputName = outputName;
        this.output = settings.outDir().resolve(outputName);
        this.settings = settings;
    }

    /** Runs the job; never throws. */
    BatchResult run() {
        BatchResult r = attempt();
        if (!r.status().succeeded()) {
            // An older export of this name no longer matches its input (or --overwrite asked for a new one).
            try {
                settings.manifest().forget(outputName);
                Files.deleteIfExists(output);
            } catch (IOException | RuntimeException e) {
                return new BatchResult(r.source(), null, r.status(), r.reason() + "; and the stale output "
                        + output + " could not be removed: " + e.getMessage(), r.format(), r.kerasVersion(),
                        r.layers(), r.params(), r.maxAbsError(), r.seconds());
            }
        }
        return r;
    }

    private BatchResult attempt() {
        long start = System.nanoTime();
        // A folder of its own, where the export is written under its final file name (ONNX external data names it).
        Path staged = settings.stagingDir().resolve(UUID.randomUUID().toString()).resolve(output.getFileName());
        try {
            return convert(staged, start);
        } catch (UnsupportedModelException e) {
            return result(BatchStatus.REFUSED, null, e.getMessage(), start);
        } catch (Keras2jException e) {
            return result(BatchStatus.ERROR, null, e.getMessage(), start);
        } catch (OutOfMemoryError e) {
            return result(BatchStatus.ERROR, null, "out of memory while converting this model (raise -Xmx or lower --jobs)", start);
        } catch (StackOverflowError e) {
            return result(BatchStatus.ERROR, null, "stack overflow while converting this model (nested too deeply?)", start);
        } catch (Throwable e) {
            return result(BatchStatus.ERROR, null, describe(e), start);
        } finally {
            try {
                BatchCommand.deleteTree(staged.getParent());
            } catch (IOException | RuntimeException ignored) {
                // The next run removes the staging folder.
            }
        }
    }

    private BatchResult convert(Path staged, long start) throws IOException {
        String sha = InputFingerprint.of(source);
        if (!settings.overwrite()) {
            BatchManifest.Entry done = settings.manifest().upToDate(outputName, output, sha, settings.keras2jVersion(),
                    settings.validate());
            if (done != null) {
                format = done.format();
                kerasVersion = done.kerasVersion();
                params = done.params();
                maxAbsError = done.maxAbsError();
                return result(BatchStatus.SKIPPED, output, "up to date", start);
            }
        }
        CheckedModel model = ModelChecker.check(KerasModelReader.read(source.model(), source.weights()));
        format = model.spec().format().id();
        kerasVersion = model.spec().kerasVersion();
        params = model.totalParams();
        layers = layerRows(model);
        Files.createDirectories(staged.getParent());
        ExportTarget.Written written = settings.target().write(model, staged);
        String reason = null;
        if (settings.validate()) {
            ExportVerification.Check v = ExportVerification.verdict(ExportVerification.run(model, settings.target(),
                    written, ReferenceLocator.find(source), Comparison.DEFAULT_ATOL, Comparison.DEFAULT_RTOL));
            maxAbsError = Double.isFinite(v.comparison().maxAbsError()) ? v.comparison().maxAbsError() : null;
            if (!v.comparison().passed()) {
                return result(BatchStatus.MISMATCH, null, v.against() + ": " + v.comparison().summary(), start);
            }
            reason = "validated against " + v.against();
        }
        Files.createDirectories(output.getParent());
        for (Path companion : written.companions()) {
            AtomicWrite.move(companion, output.resolveSibling(companion.getFileName()));
        }
        AtomicWrite.move(written.file(), output);
        settings.manifest().record(outputName, new BatchManifest.Entry(source.model().toString(), sha,
                settings.keras2jVersion(), settings.validate(), format, kerasVersion, params, maxAbsError));
        return result(settings.validate() ? BatchStatus.VALIDATED : BatchStatus.CONVERTED, output, reason, start);
    }

    private static List<BatchResult.LayerRow> layerRows(CheckedModel model) {
        List<BatchResult.LayerRow> rows = new ArrayList<>();
        for (CheckedLayer l : model.layers()) {
            rows.add(new BatchResult.LayerRow(l.name(), l.spec().className(), l.outputShape().toKerasString(), l.params()));
        }
        return rows;
    }

    private BatchResult result(BatchStatus status, Path written, String reason, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        return new BatchResult(source, written, status, oneLine(reason), format, kerasVersion, layers, params,
                maxAbsError, seconds);
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static String oneLine(String s) {
        if (s == null) {
            return null;
        }
        String line = s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        return line.length() <= MAX_REASON_CHARS ? line : line.substring(0, MAX_REASON_CHARS) + "...";
    }
}
