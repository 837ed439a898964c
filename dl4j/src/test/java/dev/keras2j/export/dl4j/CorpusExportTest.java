package dev.keras2j.export.dl4j;

import dev.keras2j.keras.KerasModelReader;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.UnsupportedModelException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Exports real Keras 1/2 models (DL4J's own test suite, read-only in shared/corpus) and runs the zip with
 * plain DL4J (no keras2j runtime class), comparing with the predictions Keras recorded.
 */
class CorpusExportTest {
    @TempDir
    Path dir;

    private static Path weightsOf(Path json) throws IOException {
        try (var s = Files.list(json.getParent())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".h5")
                    && !p.getFileName().toString().endsWith("_inputs_and_outputs.h5")).findFirst().orElse(null);
        }
    }

    private static CheckedModel read(String id) throws IOException {
        Path model;
        Path weights = null;
        try (var s = Files.list(Corpus.dir().resolve(id))) {
            model = s.filter(p -> p.getFileName().toString().endsWith(".json")).findFirst().orElse(null);
        }
        if (model != null) {
            weights = weightsOf(model);
        } else {
            model = Corpus.model(id);
        }
        return ModelChecker.check(KerasModelReader.read(model, weights));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dl4j-act-elu", "dl4j-act-leakyrelu", "dl4j-act-softmax", "dl4j-act-thresholdedrelu",
            "dl4j-simple-lstm-tf-k1", "dl4j-simple-lstm-th-k1", "dl4j-simple-rnn-tf-k2", "dl4j-simple-flatten-lstm-tf-k2",
            "dl4j-sparse-xent-mlp-k2", "dl4j-conv1d-k2-s1-d1-cl-valid", "dl4j-conv1d-k3-s2-d1-cl-same",
            "dl4j-conv1d-k4-s1-d2-cl-valid", "dl4j-causal-conv1d-k2-s1-d1-cl", "dl4j-causal-conv1d-k3-s1-d2-cl",
            "dl4j-cnn-batchnorm", "dl4j-mnist-mlp-tf-keras-1", "dl4j-mnist-mlp-th-keras-1", "dl4j-mnist-mlp-tf-keras-2"})
    void exportedKeras2ModelMatchesKerasPredictions(String id) throws IOException {
        CheckedModel model = read(id);
        Path zip = dir.resolve(id + ".zip");
        Dl4jExporter.export(model, zip, false);
        NdArray out = FixtureExportTest.Dl4jVerifierFree.run(zip, Corpus.referenceInput(id));
        assertThat(Fixtures.compare(out, Corpus.referenceOutput(id))).as(id).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dl4j-act-relu-capped-slope-thresh", "dl4j-simple-flatten-rnn-tf-k2"})
    void layersDl4jCannotComputeExactlyAreRefused(String id) throws IOException {
        CheckedModel model = read(id);
        assertThatThrownBy(() -> Dl4jExporter.export(model, dir.resolve(id + ".zip"), false))
                .isInstanceOf(UnsupportedModelException.class).hasMessageMatching("\\S+ \\(\\w+\\): .+");
        assertThat(dir.resolve(id + ".zip")).doesNotExist();
    }
}
