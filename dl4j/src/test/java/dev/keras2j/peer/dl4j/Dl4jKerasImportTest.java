package dev.keras2j.peer.dl4j;

import dev.keras2j.export.dl4j.Fixtures;
import dev.keras2j.model.NdArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs DL4J's own Keras importer on Keras fixtures (legacy .h5) and compares with Keras's output. */
class Dl4jKerasImportTest {
    @TempDir
    Path dir;

    // Importing real Keras 1/2 files is checked from .ci/run against the read-only corpus
    // (validate --engine dl4j-import), which unit tests must not read.

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
