package dev.keras2j.keras;

import dev.keras2j.model.LayerNode;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.ModelFormat;
import dev.keras2j.model.ModelSpec;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.TensorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KerasModelReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheSameSequentialModelFromEveryKeras3Serialization() {
        ModelSpec h5 = KerasModelReader.read(ReaderFixtures.path("seq_dense.h5"), null);
        ModelSpec archive = KerasModelReader.read(ReaderFixtures.path("seq_dense.keras"), null);
        ModelSpec json = KerasModelReader.read(ReaderFixtures.path("seq_dense.json"), null);
        assertThat(h5.format()).isEqualTo(ModelFormat.H5);
        assertThat(archive.format()).isEqualTo(ModelFormat.KERAS);
        assertThat(json.format()).isEqualTo(ModelFormat.JSON);
        assertThat(h5.kerasVersion()).isEqualTo("3.15.1");
        assertThat(archive.kerasVersion()).isEqualTo("3.15.1");
        for (ModelSpec spec : List.of(h5, archive, json)) {
            assertThat(spec.modelClass()).isEqualTo("Sequential");
            assertThat(spec.inputs()).hasSize(1);
            assertThat(spec.inputs().get(0).shape()).isEqualTo(Shape.of(4));
            assertThat(spec.layers()).extracting(LayerNode::name).containsExactly("hidden", "out");
            assertThat(spec.layers().get(0).inbound()).containsExactly(spec.inputs().get(0).name());
            assertThat(spec.layers().get(1).inbound()).containsExactly("hidden");
            assertThat(spec.outputs()).containsExactlyElementsOf(TensorRef.list("out"));
            assertThat(spec.layers().get(0).spec().config().kerasMajorVersion()).isEqualTo(3);
            assertThat(spec.layers().get(0).spec().config().integer("units", 0)).isEqualTo(3);
            assertThat(ModelChecker.check(spec).layers()).hasSize(2);
        }
        assertSameWeights(h5, archive);
        assertSameWeights(h5, json);
        assertThat(h5.weights().get("hidden")).extracting(NdArray::shapeString).containsExactly("[4, 3]", "[3]");
    }

    @Test
    void readsAFunctionalModelWithTwoOutputs() {
        for (String file : List.of("func_dense.keras", "func_dense.h5")) {
            ModelSpec spec = KerasModelReader.read(ReaderFixtures.path(file), null);
            assertThat(spec.inputs()).singleElement().satisfies(in -> {
                assertThat(in.name()).isEqualTo("features");
                assertThat(in.shape()).isEqualTo(Shape.of(5));
            });
            assertThat(spec.layers()).extracting(LayerNode::name).containsExactly("a", "b", "c");
            assertThat(spec.layers().get(1).inbound()).containsExactly("a");
            assertThat(spec.layers().get(2).inbound()).containsExactly("features");
            assertThat(spec.outputs()).containsExactlyElementsOf(TensorRef.list("b", "c"));
            assertThat(spec.weights().get("c")).extracting(NdArray::shapeString).containsExactly("[5, 2]");
            ModelChecker.check(spec);
        }
        assertSameWeights(KerasModelReader.read(ReaderFixtures.path("func_dense.keras"), null),
                KerasModelReader.read(ReaderFixtures.path("func_dense.h5"), null));
    }

    @Test
    void readsAKeras1ArchitectureWithSplitLayerNamesAndFindsItsWeightsBeside() {
        ModelSpec spec = KerasModelReader.read(ReaderFixtures.path("keras1_mlp_config.json"), null);
        assertThat(spec.kerasVersion()).isEqualTo("1.2.2");
        assertThat(spec.kerasMajorVersion()).isEqualTo(1);
        assertThat(spec.inputs().get(0).shape()).isEqualTo(Shape.of(4));
        var dense = spec.layers().get(0).spec().config();
        assertThat(dense.className()).isEqualTo("Dense");
        assertThat(dense.kerasMajorVersion()).isEqualTo(1);
        assertThat(dense.options()).containsEntry("units", 3L).containsEntry("use_bias", true)
                .doesNotContainKeys("output_dim", "bias", "init", "W_regularizer", "input_dim");
        assertThat(spec.weights().get("dense_2")).extracting(NdArray::shapeString).containsExactly("[3, 2]", "[2]");
        ModelChecker.check(spec);
    }

    @Test
    void usesAnExplicitWeightsFileAndAsksForOneWhenNoneIsBeside() throws IOException {
        Path json = Files.copy(ReaderFixtures.path("seq_dense.json"), tmp.resolve("arch.json"));
        Path weights = Files.copy(ReaderFixtures.path("seq_dense.weights.h5"), tmp.resolve("w.bin"));
        assertThat(KerasModelReader.read(json, weights).weights()).containsKeys("hidden", "out");
        Files.delete(weights);
        assertThat(ReaderErrors.failure(() -> KerasModelReader.read(json, null)))
                .isInstanceOf(dev.keras2j.model.ModelFormatException.class)
                .hasMessageContaining("arch.json").hasMessageContaining("--weights");
    }

    @Test
    void findsTheOnlyWeightsFileInTheFolder() throws IOException {
        Path json = Files.copy(ReaderFixtures.path("seq_dense.json"), tmp.resolve("arch.json"));
        Files.copy(ReaderFixtures.path("seq_dense.weights.h5"), tmp.resolve("something.bin"));
        assertThat(KerasModelReader.read(json, null).weights().get("out")).hasSize(2);
    }

    @Test
    void detectsTheFormatByContentNotByName() throws IOException {
        Path renamed = Files.copy(ReaderFixtures.path("seq_dense.keras"), tmp.resolve("model.h5"));
        assertThat(KerasModelReader.read(renamed, null).format()).isEqualTo(ModelFormat.KERAS);
    }

    private static void assertSameWeights(ModelSpec a, ModelSpec b) {
        assertThat(b.weights().keySet()).isEqualTo(a.weights().keySet());
        for (Map.Entry<String, List<NdArray>> e : a.weights().entrySet()) {
            List<NdArray> other = b.weights().get(e.getKey());
            assertThat(other).hasSameSizeAs(e.getValue());
            for (int i = 0; i < other.size(); i++) {
                assertThat(other.get(i).shape()).isEqualTo(e.getValue().get(i).shape());
                assertThat(other.get(i).data()).containsExactly(e.getValue().get(i).data());
            }
        }
    }
}
