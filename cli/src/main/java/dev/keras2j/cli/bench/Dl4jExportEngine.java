package dev.keras2j.cli.bench;

import dev.keras2j.export.dl4j.Dl4jExporter;
import dev.keras2j.export.dl4j.Dl4jVerifier;
import dev.keras2j.keras.KerasModelReader;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.NdArray;
import org.deeplearning4j.nn.api.Model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * keras2j's DL4J export: the model is exported once (not timed) to a ModelSerializer zip; loading is
 * DL4J restoring that zip, prediction is the restored network's inference.
 */
public final class Dl4jExportEngine implements BenchEngine {
    private final Map<ModelFiles, Path> exported = new HashMap<>();

    @Override
    public String name() {
        return "dl4j";
    }

    @Override
    public Loaded load(ModelFiles model) throws IOException {
        CheckedModel checked = ModelChecker.check(KerasModelReader.read(model.model(), model.weights()));
        Path zip = exported.get(model);
        if (zip == null) {
            zip = Files.createTempFile("keras2j-bench-", ".zip");
            zip.toFile().deleteOnExit();
            Dl4jExporter.export(checked, zip, true);
            exported.put(model, zip);
            // The export itself is not part of the load: time only DL4J restoring the zip.
            return load(model);
        }
        Model network = Dl4jVerifier.restore(zip);
        return new NdArrayLoaded(Shapes.fixed(checked.inputShape())) {
            @Override
            public Object predict(Object prepared) {
                return Dl4jVerifier.predict(network, (NdArray) prepared);
            }
        };
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
