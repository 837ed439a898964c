package dev.keras2j.export.dl4j;

import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.runtime.RuntimeModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Exports hand-built models with random weights and checks that the restored DL4J network computes what
 * keras2j's runtime computes, within the project tolerance.
 */
class Dl4jExporterTest {
    @TempDir
    Path dir;

    static void assertClose(NdArray actual, NdArray expected) {
        assertThat(actual.shape()).isEqualTo(expected.shape());
        float[] a = actual.data();
        float[] e = expected.data();
        for (int i = 0; i < a.length; i++) {
            assertThat((double) Math.abs(a[i] - e[i])).as("element %d: %s vs %s", i, a[i], e[i])
                    .isLessThanOrEqualTo(1e-5 + 1e-4 * Math.abs(e[i]));
        }
    }

    private NdArray exportAndRun(CheckedModel model, NdArray input) throws IOException {
        Path zip = dir.resolve("model.zip");
        Dl4jExporter.export(model, zip, true);
        return Dl4jVerifier.predict(zip, input);
    }

    private void assertExportMatchesRuntime(Models m, int batch) throws IOException {
        CheckedModel model = m.build();
        NdArray input = m.randomInput(batch);
        NdArray expected = RuntimeModel.compile(model).predict(input);
        assertClose(exportAndRun(model, input), expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear", "relu", "relu6", "leaky_relu", "elu", "selu", "sigmoid", "tanh", "softmax",
            "softsign", "swish", "mish"})
    void denseChainWithEachActivation(String activation) throws IOException {
        assertExportMatchesRuntime(Models.chain(1, 6)
                .layer("Dense", "d1", Map.of("units", 5, "activation", activation))
                .layer("Dense", "d2", Map.of("units", 3, "activation", activation, "use_bias", false)), 4);
    }

    @Test
    void keras2HardSigmoidIsExported() throws IOException {
        assertExportMatchesRuntime(Models.chainFromKeras(2, 3L, 4)
                .layer("Dense", "d", Map.of("units", 3, "activation", "hard_sigmoid")), 5);
    }

    @Test
    void keras3HardSigmoidIsRefused() {
        CheckedModel model = Models.chainFromKeras(3, 3L, 4)
                .layer("Dense", "d", Map.of("units", 3, "activation", "hard_sigmoid")).build();
        assertThatThrownBy(() -> Dl4jExporter.build(model))
                .isInstanceOf(UnsupportedModelException.class)
                .hasMessageContaining("d (Dense)").hasMessageContaining("relu6(x + 3) / 6");
    }

    @Test
    void denseOverSequencesKeepsTheTimeAxis() throws IOException {
        assertExportMatchesRuntime(Models.chain(2, 4, 5)
                .layer("Dense", "d1", Map.of("units", 3, "activation", "tanh"))
                .layer("Dense", "d2", Map.of("units", 2, "activation", "softmax")), 3);
    }

    @Test
    void denseOverImageChannels() throws IOException {
        assertExportMatchesRuntime(Models.chain(3, 3, 4, 5)
                .layer("Dense", "d1", Map.of("units", 3, "activation", "relu"))
                .layer("Dense", "d2", Map.of("units", 2, "use_bias", false)), 2);
    }

    @Test
    void lstmAndSimpleRnnWithAndWithoutSequences() throws IOException {
        assertExportMatchesRuntime(Models.chain(11, 6, 3)
                .layer("LSTM", "l1", Map.of("units", 5, "return_sequences", true))
                .layer("SimpleRNN", "r1", Map.of("units", 4, "return_sequences", true))
                .layer("LSTM", "l2", Map.of("units", 3, "use_bias", false))
                .layer("Dense", "d", Map.of("units", 2)), 3);
    }

    @Test
    void keras2LstmWithHardSigmoidGates() throws IOException {
        assertExportMatchesRuntime(Models.chainFromKeras(2, 12L, 5, 2)
                .layer("LSTM", "l", Map.of("units", 4, "recurrent_activation", "hard_sigmoid")), 2);
    }

    @Test
    void bidirectionalWithSequences() throws IOException {
        LayerConfig lstm = new LayerConfig("LSTM", "inner", Map.of("units", 3, "return_sequences", true), 3);
        for (String mode : List.of("concat", "sum", "mul", "ave")) {
            assertExportMatchesRuntime(Models.chain(13, 4, 2)
                    .layer("Bidirectional", "b", Map.of("layer", lstm, "merge_mode", mode)), 2);
        }
    }

    @Test
    void bidirectionalWithoutSequencesAndTimeDistributedDense() throws IOException {
        LayerConfig rnn = new LayerConfig("SimpleRNN", "inner", Map.of("units", 3), 3);
        LayerConfig dense = new LayerConfig("Dense", "inner_dense", Map.of("units", 2, "activation", "tanh"), 3);
        assertExportMatchesRuntime(Models.chain(23, 5, 2)
                .layer("TimeDistributed", "td", Map.of("layer", dense))
                .layer("Bidirectional", "b", Map.of("layer", rnn, "merge_mode", "concat")), 3);
        LayerConfig lstm = new LayerConfig("LSTM", "inner", Map.of("units", 4), 3);
        assertExportMatchesRuntime(Models.chain(24, 6, 3)
                .layer("Bidirectional", "b", Map.of("layer", lstm, "merge_mode", "sum")), 2);
    }

    @Test
    void embeddingIntoGlobalPooling() throws IOException {
        Models m = Models.chain(14, 6).layer("Embedding", "e", Map.of("input_dim", 10, "output_dim", 4))
                .layer("GlobalAveragePooling1D", "g", Map.of());
        CheckedModel model = m.build();
        float[] ids = {0, 3, 9, 2, 2, 5, 1, 1, 8, 7, 6, 4};
        NdArray input = NdArray.of(ids, 2, 6);
        assertClose(exportAndRun(model, input), RuntimeModel.compile(model).predict(input));
    }

    @Test
    void imageLayersChannelsLast() throws IOException {
        assertExportMatchesRuntime(Models.chain(15, 7, 6, 3)
                .layer("ZeroPadding2D", "z", Map.of("padding", List.of(List.of(1, 2), List.of(0, 1))))
                .layer("Conv2D", "c", Map.of("filters", 4, "kernel_size", List.of(3, 2), "padding", "same",
                        "strides", List.of(2, 1), "activation", "relu"))
                .layer("BatchNormalization", "bn", Map.of("epsilon", 0.01))
                .layer("UpSampling2D", "u", Map.of("size", List.of(2, 1)))
                .layer("Cropping2D", "cr", Map.of("cropping", List.of(List.of(1, 0), List.of(0, 2))))
                .layer("AveragePooling2D", "ap", Map.of("pool_size", List.of(2, 2), "padding", "same"))
                .layer("MaxPooling2D", "mp", Map.of("pool_size", List.of(2, 2), "strides", List.of(1, 1),
                        "padding", "same"))
                .layer("GlobalMaxPooling2D", "g", Map.of()), 2);
    }

    @Test
    void sequenceLayersChannelsFirst() throws IOException {
        assertExportMatchesRuntime(Models.chain(16, 3, 9)
                .layer("Conv1D", "c", Map.of("filters", 4, "kernel_size", List.of(3), "data_format", "channels_first",
                        "padding", "same", "strides", 2))
                .layer("AveragePooling1D", "ap", Map.of("pool_size", 2, "strides", 1, "padding", "same",
                        "data_format", "channels_first"))
                .layer("MaxPooling1D", "mp", Map.of("pool_size", 2, "data_format", "channels_first"))
                .layer("GlobalAveragePooling1D", "g", Map.of("data_format", "channels_first")), 2);
    }

    @Test
    void channelsLastOneDimensionalLayersBetweenLayoutChanges() throws IOException {
        assertExportMatchesRuntime(Models.chain(18, 8, 3)
                .layer("ZeroPadding1D", "z", Map.of("padding", List.of(1, 2)))
                .layer("Conv1D", "c", Map.of("filters", 4, "kernel_size", 3))
                .layer("AveragePooling1D", "ap", Map.of("pool_size", 3, "strides", 2, "padding", "same"))
                .layer("UpSampling1D", "u", Map.of("size", 3))
                .layer("Cropping1D", "cr", Map.of("cropping", List.of(2, 1)))
                .layer("MaxPooling1D", "mp", Map.of("pool_size", 2)), 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Conv3D", "Conv3DTranspose", "MaxPooling3D", "AveragePooling3D", "GlobalMaxPooling3D",
        "ZeroPadding3D", "Cropping3D", "UpSampling3D"})
    void threeDimensionalLayersAreRefusedByName(String cls) {
        Map<String, Object> options = cls.startsWith("Conv") ? Map.of("filters", 2, "kernel_size", 2) : Map.of();
        CheckedModel model = Models.chain(19, 4, 4, 4, 2).layer(cls, "v", options).build();
        assertThatThrownBy(() -> Dl4jExporter.build(model)).isInstanceOf(UnsupportedModelException.class)
                .hasMessage("v (" + cls + "): the DL4J export does not support 3D layers (" + cls + ")");
    }

    @Test
    void imageAndEinsumLayersAreRefusedByName() {
        Map<String, Map<String, Object>> layers = new java.util.LinkedHashMap<>();
        layers.put("GroupNormalization", Map.of("groups", 2));
        layers.put("Resizing", Map.of("height", 3, "width", 3));
        layers.put("CenterCrop", Map.of("height", 3, "width", 3));
        layers.put("RandomFlip", Map.of());
        layers.put("EinsumDense", Map.of("equation", "abcd,de->abce", "output_shape", java.util.Arrays.asList(4, 4, 3)));
        for (Map.Entry<String, Map<String, Object>> e : layers.entrySet()) {
            CheckedModel model = Models.chain(20, 4, 4, 2).layer(e.getKey(), "v", e.getValue()).build();
            assertThatThrownBy(() -> Dl4jExporter.build(model)).isInstanceOf(UnsupportedModelException.class)
                    .hasMessage("v (" + e.getKey() + "): the DL4J export does not support " + e.getKey() + " layers");
        }
        CheckedModel lstm = Models.chain(21, 3, 4, 4, 2).layer("ConvLSTM2D", "v", Map.of("filters", 2, "kernel_size", 2))
                .build();
        assertThatThrownBy(() -> Dl4jExporter.build(lstm)).isInstanceOf(UnsupportedModelException.class)
                .hasMessage("v (ConvLSTM2D): the DL4J export does not support ConvLSTM2D layers");
    }

    @Test
    void conv1dChannelsLastThenFlattenOfTheSequence() throws IOException {
        assertExportMatchesRuntime(Models.chain(17, 8, 3)
                .layer("Conv1D", "c", Map.of("filters", 2, "kernel_size", 3, "padding", "causal"))
                .layer("Flatten", "f", Map.of())
                .layer("Dense", "d", Map.of("units", 3)), 2);
    }

    @Test
    void permutationsThatAreNotRotationsAreRefused() {
        CheckedModel model = Models.chain(20, 2, 3, 4).layer("Permute", "p", Map.of("dims", List.of(2, 1, 3))).build();
        assertThatThrownBy(() -> Dl4jExporter.build(model)).isInstanceOf(UnsupportedModelException.class)
                .hasMessageStartingWith("p (Permute): dims [2, 1, 3]");
    }

    @Test
    void softmaxLayerOverSequencesAndPRelu() throws IOException {
        assertExportMatchesRuntime(Models.chain(19, 5, 4)
                .layer("PReLU", "p1", Map.of())
                .layer("PReLU", "p2", Map.of("shared_axes", List.of(1)))
                .layer("Softmax", "s", Map.of()), 3);
        assertExportMatchesRuntime(Models.chain(20, 4, 3, 2)
                .layer("PReLU", "p", Map.of("shared_axes", List.of(1, 2))), 2);
    }

    @Test
    void branchesBecomeAComputationGraph() throws IOException {
        Models m = Models.chain(21, 6, 5, 3)
                .layer("Conv2D", "a", Map.of("filters", 4, "kernel_size", 3, "padding", "same"))
                .node("Conv2D", "b", Map.of("filters", 4, "kernel_size", 1), "input")
                .node("Add", "sum", Map.of(), "a", "b")
                .node("Maximum", "max", Map.of(), "a", "sum")
                .node("Concatenate", "cat", Map.of("axis", -1), "max", "b")
                .layer("GlobalAveragePooling2D", "g", Map.of())
                .layer("Dense", "d", Map.of("units", 3, "activation", "softmax"));
        CheckedModel model = m.build();
        NdArray input = m.randomInput(2);
        Dl4jExport export = Dl4jExporter.export(model, dir.resolve("graph.zip"), false);
        assertThat(export.networkType()).isEqualTo("ComputationGraph");
        assertClose(Dl4jVerifier.predict(export.file(), input), RuntimeModel.compile(model).predict(input));
    }

    @Test
    void minimumMergeIsRefused() {
        CheckedModel model = Models.chain(22, 4)
                .layer("Dense", "a", Map.of("units", 3))
                .node("Dense", "b", Map.of("units", 3), "input")
                .node("Minimum", "min", Map.of(), "a", "b").build();
        assertThatThrownBy(() -> Dl4jExporter.build(model)).isInstanceOf(UnsupportedModelException.class)
                .hasMessageStartingWith("min (Minimum): ");
    }

    @Test
    void chainBecomesMultiLayerNetwork() throws IOException {
        CheckedModel model = Models.chain(4, 3).layer("Dense", "d", Map.of("units", 2)).build();
        Dl4jExport export = Dl4jExporter.export(model, dir.resolve("m.zip"), false);
        assertThat(export.networkType()).isEqualTo("MultiLayerNetwork");
        assertThat(export.params()).isEqualTo(model.totalParams());
        assertThat(Dl4jVerifier.restore(export.file()))
                .isInstanceOf(org.deeplearning4j.nn.multilayer.MultiLayerNetwork.class);
    }

    @Test
    void existingOutputIsKeptWithoutOverwrite() throws IOException {
        CheckedModel model = Models.chain(5, 3).layer("Dense", "d", Map.of("units", 2)).build();
        Path out = dir.resolve("exists.zip");
        Files.writeString(out, "keep me");
        assertThatThrownBy(() -> Dl4jExporter.export(model, out, false)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(out)).isEqualTo("keep me");
        Dl4jExporter.export(model, out, true);
        assertThat(Files.size(out)).isGreaterThan(100);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("exists.zip");
        }
    }

    @Test
    void refusedModelWritesNothing() {
        CheckedModel model = Models.chain(6, 3).layer("Dense", "g", Map.of("units", 2, "activation", "gelu")).build();
        Path out = dir.resolve("refused.zip");
        assertThatThrownBy(() -> Dl4jExporter.export(model, out, false))
                .isInstanceOf(UnsupportedModelException.class).hasMessageStartingWith("g (Dense): activation 'gelu'");
        assertThat(out).doesNotExist();
    }
}
