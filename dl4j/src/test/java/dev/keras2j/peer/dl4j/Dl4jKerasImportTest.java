package dev.keras2j.peer.dl4j;

import dev.keras2j.export.dl4j.Corpus;
import dev.keras2j.export.dl4j.Fixtures;
import dev.keras2j.model.NdArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs DL4J's own Keras importer on Keras fixtures (legacy .h5) and compares with Keras's output. */
class Dl4jKerasImportTest {
    @TempDir
    Path dir;

    /** Keras 2 files DL4J imports, including sequence (DL4J NCW inside) and image (Conv2D) inputs. */
    @ParameterizedTest
    @ValueSource(strings = {"dl4j-act-elu", "dl4j-act-softmax", "dl4j-simple-rnn-tf-k2", "dl4j-simple-lstm-tf-k1",
            "dl4j-conv1d-k2-s1-d1-cl-valid", "dl4j-cnn-batchnorm"})
    void dl4jImportsKeras2ModelsAndMatchesKeras(String id) throws IOException {
        Dl4jPeerResult r = Dl4jKerasImport.predict(Corpus.model(id), Corpus.referenceInput(id));
        assertThat(r.error()).isNull();
        assertThat(Fixtures.compare(r.output(), Corpus.referenceOutput(id))).isNull();
    }

    @Test
    void keras3FilesAreReportedAsDl4jFailures() throws IOException {
        Map<String, NdArray> ref = Fixtures.npz("dense_2d");
        Dl4jPeerResult r = Dl4jKerasImport.predict(Fixtures.caseDir("dense_2d").resolve("dense_2d.h5"), ref.get("input"));
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).contains("Keras major version").doesNotContain("\n");
    }

    @Test
    void importFailureIsOneLineMessage() throws IOException {
        Path notKeras = dir.resolve("broken.h5");
        Files.writeString(notKeras, "this is not an HDF5 file\nsecond line");
        Dl4jPeerResult r = Dl4jKerasImport.predict(notKeras, NdArray.zeros(1, 3));
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).startsWith("DL4J KerasModelImport failed: ").doesNotContain("\n");
    }
}
