package dev.keras2j.keras;

import dev.keras2j.container.Hdf5Container;
import dev.keras2j.container.SymbolTableHdf5;
import dev.keras2j.model.ModelFormatException;
import dev.keras2j.model.ModelSpec;
import dev.keras2j.model.NdArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lean HDF5 reader against jhdf: wherever it accepts a Keras {@code .h5} file it reads exactly what
 * jhdf reads, and files outside its subset still load through jhdf.
 */
class SymbolTableHdf5Test {
    private static final Path MODELS = Path.of(System.getProperty("keras2j.root", "..")).resolve("fixtures/models");

    static Stream<Path> fixtureH5() throws IOException {
        List<Path> files = List.of(ReaderFixtures.path("seq_dense.h5"), ReaderFixtures.path("func_dense.h5"),
                ReaderFixtures.path("wrappers.h5"), ReaderFixtures.path("custom_layer.h5"));
        if (!Files.isDirectory(MODELS)) {
            return files.stream();
        }
        try (Stream<Path> walk = Files.walk(MODELS, 2)) {
            return Stream.concat(files.stream(), walk.filter(p -> p.getFileName().toString().endsWith(".h5")
                    && !p.getFileName().toString().endsWith(".weights.h5")).sorted().toList().stream());
        }
    }

    @ParameterizedTest
    @MethodSource("fixtureH5")
    void readsWhatJhdfReads(Path file) throws IOException {
        ModelSpec viaJhdf;
        try (Hdf5Container h5 = Hdf5Container.open(file)) {
            viaJhdf = KerasModelReader.readH5(h5, file.toString());
        } catch (RuntimeException refused) {
            return; // a refused model: the lean reader's outcome does not matter, jhdf words the error
        }
        ModelSpec lean;
        ModelSpec mapped;
        try (SymbolTableHdf5 h5 = SymbolTableHdf5.open(file); SymbolTableHdf5 m = SymbolTableHdf5.open(file, 0)) {
            lean = KerasModelReader.readH5(h5, file.toString());
            mapped = KerasModelReader.readH5(m, file.toString());
        } catch (SymbolTableHdf5.Unsupported outsideTheSubset) {
            return;
        }
        assertSameModel(lean, viaJhdf);
        // Small files are read into the heap, large ones mapped: both give the same model.
        assertSameModel(mapped, viaJhdf);
    }

    private static void assertSameModel(ModelSpec lean, ModelSpec viaJhdf) {
        assertThat(lean.kerasVersion()).isEqualTo(viaJhdf.kerasVersion());
        assertThat(lean.backend()).isEqualTo(viaJhdf.backend());
        assertThat(lean.layers()).extracting(n -> n.spec().config().toString())
                .containsExactlyElementsOf(viaJhdf.layers().stream().map(n -> n.spec().config().toString()).toList());
        assertThat(lean.weights().keySet()).containsExactlyElementsOf(viaJhdf.weights().keySet());
        for (String layer : viaJhdf.weights().keySet()) {
            List<NdArray> expected = viaJhdf.weights().get(layer);
            List<NdArray> actual = lean.weights().get(layer);
            assertThat(actual).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(actual.get(i).shape()).containsExactly(expected.get(i).shape());
                assertThat(Arrays.equals(actual.get(i).data(), expected.get(i).data()))
                        .as("%s weight %d", layer, i).isTrue();
            }
        }
    }

    @Test
    void readsH5pyDefaultFilesItself() throws IOException {
        for (String name : List.of("seq_dense.h5", "func_dense.h5", "wrappers.h5")) {
            try (SymbolTableHdf5 h5 = SymbolTableHdf5.open(ReaderFixtures.path(name))) {
                ModelSpec spec = KerasModelReader.readH5(h5, name);
                assertThat(spec.weights()).isNotEmpty();
            }
        }
    }

    @Test
    void nodesKnowTheirPathFromTheRoot() throws IOException {
        try (SymbolTableHdf5 h5 = SymbolTableHdf5.open(ReaderFixtures.path("seq_dense.h5"))) {
            assertThat(h5.root().path()).isEqualTo("/");
            assertThat(h5.child(h5.root(), "model_weights").path()).isEqualTo("/model_weights");
            SymbolTableHdf5.Node kernel = h5.child(h5.root(), "model_weights/hidden/sequential/hidden/kernel");
            assertThat(kernel.path()).isEqualTo("/model_weights/hidden/sequential/hidden/kernel");
            assertThat(h5.isDataset(kernel)).isTrue();
        }
    }

    @Test
    void aTruncatedFileFailsWithJhdfsMessage(@TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(ReaderFixtures.path("seq_dense.h5"));
        Path cut = dir.resolve("cut.h5");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 100));
        assertThatThrownBy(() -> SymbolTableHdf5.open(cut)).isInstanceOf(SymbolTableHdf5.Unsupported.class);
        assertThatThrownBy(() -> KerasModelReader.read(cut, null))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("truncated HDF5 file");
    }
}
