package dev.keras2j.cli.bench;

import dev.keras2j.export.dl4j.Dl4jExporter;
import dev.keras2j.export.dl4j.Dl4jVerifier;
import dev.keras2j.keras.KerasModelReader;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.NdArray;
import org.deeplearning4j.nn.api.Model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * keras2j's DL4J export: the model is exported once, in {@link #prepare} (not timed), to a ModelSerializer zip;
 * loading is DL4J restoring that zip, prediction is the restored network's inference.
 */
public final class Dl4jExportEngine implements BenchEngine {
    private final Map<ModelFiles, Exported> exported = new HashMap<>();

    private record Exported(Path zip, int[] inputShape) {
    }

    @Override
    public String name() {
        return "dl4j";
    }

    @Override
    public void prepare(ModelFiles model) throws IOException {
        if (exported.containsKey(model)) {
            return;
        }
        CheckedModel checked = ModelChecker.check(KerasModelReader.read(model.model(), model.weights()));
        Path zip = Files.createTempFile("keras2j-bench-", ".zip");
        zip.toFile().deleteOnExit();
        Dl4jExporter.export(checked, zip, true);
        exported.put(model, new Exported(zip, Shapes.fixed(checked.inputShape())));
    }

    @Override
    public Loaded load(ModelFiles model) throws IOException {
        prepare(model);
        Exported e = exported.get(model);
        Model network = Dl4jVerifier.restore(e.zip());
        return new NdArrayLoaded(e.inputShape()) {
            @Override
            public Object predict(Object prepared) {
                return Dl4jVerifier.predict(network, (NdArray) prepared);
            }
        };
    }
}
