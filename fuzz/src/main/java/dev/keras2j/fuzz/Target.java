package dev.keras2j.fuzz;

import dev.keras2j.KerasModel;
import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.reference.NpyReader;
import dev.keras2j.reference.NpzReader;
import dev.keras2j.reference.Reference;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One reader of untrusted files and how the harness feeds it: the file name it is given, how its seeds are
 * recognized among the fixtures, and the call that reads (and, for a model small enough, runs) the input.
 */
public enum Target {
    /** A legacy HDF5 model ({@code .h5}): read, checked, compiled and run once. */
    H5_MODEL("model.h5", Kind.BINARY, ".h5", null, (file, companion) -> exercise(KerasModel.load(file))),
    /** A Keras 3 {@code .keras} zip: its entries are mutated and the archive rewritten. */
    KERAS_MODEL("model.keras", Kind.ZIP, ".keras", null, (file, companion) -> exercise(KerasModel.load(file))),
    /** An architecture JSON, read with the fixture's own weights beside it. */
    JSON_CONFIG("model.json", Kind.JSON, ".json", ".weights.h5",
            (file, companion) -> exercise(KerasModel.load(file, companion))),
    /** A weights file ({@code .weights.h5}), read with the fixture's own architecture JSON. */
    WEIGHTS_H5("model.weights.h5", Kind.BINARY, ".weights.h5", ".json",
            (file, companion) -> exercise(KerasModel.load(companion, file))),
    /** A NumPy {@code .npz} reference, read as an archive and as a reference. */
    NPZ("reference.npz", Kind.ZIP, ".npz", null, (file, companion) -> {
        NpzReader.read(file);
        Reference.load(file);
    }),
    /** One NumPy {@code .npy} array (the seeds are the arrays inside the fixtures' {@code .npz} files). */
    NPY("input.npy", Kind.BINARY, ".npy", null, (file, companion) -> {
        NpyReader.read(file);
        byte[] bytes = Files.readAllBytes(file);
        NpyReader.read(new ByteArrayInputStream(bytes), bytes.length, file.toString());
    }),
    /** A Deeplearning4j {@code *_inputs_and_outputs.h5} reference. */
    DL4J_REFERENCE("model_inputs_and_outputs.h5", Kind.BINARY, "_inputs_and_outputs.h5", null,
            (file, companion) -> Reference.load(file));

    /** The call that reads an input (and its unmutated companion, when the target has one). */
    @FunctionalInterface
    private interface Reader {
        void read(Path file, Path companion) throws Exception;
    }

    /** How the inputs of a target are mutated. */
    enum Kind {
        BINARY, ZIP, JSON
    }

    /** Layer outputs of at most this many elements in all are run once; larger models are only loaded. */
    private static final long RUN_ELEMENTS = 1 << 20;

    private final String fileName;
    private final Kind kind;
    private final String seedSuffix;
    private final String companionSuffix;
    private final Reader reader;

    Target(String fileName, Kind kind, String seedSuffix, String companionSuffix, Reader reader) {
        this.fileName = fileName;
        this.kind = kind;
        this.seedSuffix = seedSuffix;
        this.companionSuffix = companionSuffix;
        this.reader = reader;
    }

    /** The name the input is written under (readers detect by content, some by extension). */
    String fileName() {
        return fileName;
    }

    Kind kind() {
        return kind;
    }

    /** Whether a fixture file of this name seeds the target (a model's {@code .h5}, not a weights file). */
    boolean seeds(String name) {
        return name.endsWith(seedSuffix) && !(this == H5_MODEL && name.endsWith(WEIGHTS_H5.seedSuffix));
    }

    /** The name of the unmutated file read together with a seed, or {@code null}. */
    String companion(String seedName) {
        return companionSuffix == null ? null
                : seedName.substring(0, seedName.length() - seedSuffix.length()) + companionSuffix;
    }

    /** Reads the input; returns normally or throws. */
    void run(Path file, Path companion) throws Exception {
        reader.read(file, companion);
    }

    /** Runs a loaded model once on zeros when its layer outputs are small, so the runtime sees odd shapes too. */
    static void exercise(KerasModel model) {
        long elements = 0;
        for (CheckedLayer layer : model.description().layers()) {
            elements += known(layer.outputShape());
        }
        List<Shape> inputs = model.inputShapes();
        List<NdArray> batch = new ArrayList<>();
        for (Shape s : inputs) {
            elements += known(s);
            int[] dims = s.withBatch(1);
            for (int i = 0; i < dims.length; i++) {
                dims[i] = dims[i] == Shape.UNKNOWN ? 3 : dims[i];
            }
            batch.add(NdArray.zeros(dims));
        }
        if (elements <= RUN_ELEMENTS) {
            model.predict(batch);
        }
    }

    private static long known(Shape s) {
        long n = 1;
        for (int d : s.dims()) {
            n = n > (1L << 40) ? n : n * Math.max(1, d == Shape.UNKNOWN ? 3 : d);
        }
        return n;
    }
}
