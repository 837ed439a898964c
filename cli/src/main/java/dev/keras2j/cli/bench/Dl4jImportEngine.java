package dev.keras2j.cli.bench;

import dev.keras2j.keras.KerasModelReader;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.NdArray;
import dev.keras2j.peer.dl4j.Dl4jKerasImport;
import org.deeplearning4j.nn.api.Model;

import java.nio.file.Path;

/**
 * DL4J's own Keras importer ({@code KerasModelImport}) on the same files: a legacy {@code .h5} model, or an
 * architecture JSON with its HDF5 weights ({@code importKerasModelAndWeights(json, weights)}). Loading is the
 * import, prediction the imported network's inference (with the layout transposes the peer needs).
 */
public final class Dl4jImportEngine implements BenchEngine {
    @Override
    public String name() {
        return "dl4j-import";
    }

    @Override
    public Loaded load(ModelFiles files) throws Exception {
        Path model = files.model();
        String name = model.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        boolean json = name.endsWith(".json") && files.weights() != null;
        if (!json && !name.endsWith(".h5")) {
            throw new IllegalArgumentException("DL4J's KerasModelImport reads a legacy .h5 file, or an architecture "
                    + ".json with --weights, not " + model.getFileName());
        }
        Model network = Dl4jKerasImport.importModel(model, json ? files.weights() : null);
        // The input shape comes from keras2j's reading of the same file (not timed as part of DL4J's load
        // only because it happens after the import returned; it is cheap next to the import).
        int[] shape = Shapes.fixed(ModelChecker.check(KerasModelReader.read(model, files.weights())).inputShape());
        return new NdArrayLoaded(shape) {
            @Override
            public Object predict(Object prepared) {
                return Dl4jKerasImport.run(network, (NdArray) prepared);
            }
        };
    }
}
