package dev.keras2j.cli.bench;

import dev.keras2j.keras.KerasModelReader;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.NdArray;
import dev.keras2j.peer.dl4j.Dl4jKerasImport;
import org.deeplearning4j.nn.api.Model;

import java.nio.file.Path;

/**
 * DL4J's own Keras importer ({@code KerasModelImport}) on the same legacy {@code .h5} file: loading is the
 * import, prediction the imported network's inference (with the layout transposes the peer needs).
 */
public final class Dl4jImportEngine implements BenchEngine {
    @Override
    public String name() {
        return "dl4j-import";
    }

    @Override
    public Loaded load(Path model) throws Exception {
        if (!model.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".h5")) {
            throw new IllegalArgumentException("DL4J's KerasModelImport reads legacy .h5 files only");
        }
        Model network = Dl4jKerasImport.importModel(model, null);
        // The input shape comes from keras2j's reading of the same file (not timed as part of DL4J's load
        // only because it happens after the import returned; it is cheap next to the import).
        int[] shape = Shapes.fixed(ModelChecker.check(KerasModelReader.read(model, null)).inputShape());
        return new NdArrayLoaded(shape) {
            @Override
            public Object predict(Object prepared) {
                return Dl4jKerasImport.run(network, (NdArray) prepared);
            }
        };
    }
}
