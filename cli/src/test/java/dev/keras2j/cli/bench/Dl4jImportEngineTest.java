package dev.keras2j.cli.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Which files {@code bench --engine dl4j-import} hands to DL4J's importer, and which it refuses itself. */
class Dl4jImportEngineTest {
    private final Dl4jImportEngine engine = new Dl4jImportEngine();

    /** A committed fixture: {@code <keras2j.root>/fixtures/models/NAME/NAME + extension}. */
    private static Path fixture(String name, String extension) {
        return Path.of(System.getProperty("keras2j.root", "..")).resolve("fixtures/models/" + name + "/" + name + extension);
    }

    @Test
    void refusesWhatKerasModelImportCannotRead() {
        assertThatThrownBy(() -> engine.load(ModelFiles.of(fixture("dense_2d", ".keras"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a legacy .h5 file, or an architecture .json with --weights")
                .hasMessageContaining("dense_2d.keras");
        // An architecture alone has no weights to import.
        assertThatThrownBy(() -> engine.load(ModelFiles.of(fixture("dense_2d", ".json"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("an architecture .json with --weights");
    }

    @Test
    void handsAnArchitectureWithItsWeightsToKerasModelImport() {
        Path json = fixture("dense_2d", ".json");
        Path weights = fixture("dense_2d", ".weights.h5");
        // A Keras 3 pair: DL4J's importer itself refuses it, so what fails is the import, not keras2j's check
        // of the file kinds (which used to refuse every JSON). The corpus's Keras 2 pairs import (docs/benchmarks.md).
        Throwable t = catchThrowable(() -> engine.load(new ModelFiles(json, weights)));
        assertThat(t).isNotNull();
        assertThat(t.getMessage()).doesNotContain("legacy .h5");
        assertThat(t.getStackTrace()).anySatisfy(e -> assertThat(e.getClassName()).startsWith("org.deeplearning4j"));
    }
}
