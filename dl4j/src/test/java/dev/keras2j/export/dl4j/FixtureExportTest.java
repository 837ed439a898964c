package dev.keras2j.export.dl4j;

import dev.keras2j.keras.KerasModelReader;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.Keras2jException;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.UnsupportedModelException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exports every Keras fixture and runs the zip with plain DL4J (ModelSerializer, no keras2j runtime class),
 * comparing with Keras's output from the fixture's npz. A refused fixture must be refused with a message
 * that names the layer; the cases in {@link #MUST_EXPORT} must export and match.
 */
class FixtureExportTest {
    /** Fixtures whose every layer DL4J can represent exactly. */
    static final List<String> MUST_EXPORT = List.of(
            "activation_elu", "activation_leaky_relu", "activation_linear", "activation_mish",
            "activation_relu", "activation_relu6", "activation_selu", "activation_sigmoid",
            "activation_silu", "activation_softmax", "activation_softsign", "activation_swish",
            "activation_tanh", "average_pooling1d_channels_first", "average_pooling2d_channels_first", "batchnorm_channels_first",
            "conv1d_causal", "conv1d_causal_dilation2", "conv1d_dilation2", "conv1d_same",
            "conv1d_strides2", "conv1d_strides2_valid", "conv1d_valid", "conv2d_channels_first",
            "conv2d_dilation", "conv2d_no_bias", "conv2d_nonsquare_strides", "conv2d_same",
            "conv2d_same_stride2_even_kernel", "conv2d_valid", "dense_2d", "dense_3d",
            "dense_4d", "dropout_noise_1d", "elu_layer", "flatten",
            "leaky_relu_layer", "leaky_relu_layer_default", "max_pooling1d_channels_first", "max_pooling2d_channels_first",
            "prelu", "prelu_shared_axes", "relu_layer_default", "relu_layer_max_value",
            "relu_layer_max_value_6", "relu_layer_slope", "repeat_vector", "softmax_layer",
            "spatial_dropout_2d",
            // Translated since the registry: transposed, depthwise and separable convolutions, backwards
            // recurrences, 1D layers on channels_last sequences, Flatten of sequences and channels_first.
            "conv2d_transpose_channels_first", "conv2d_transpose_same_strides2", "conv2d_transpose_valid",
            "conv2d_transpose_valid_strides2", "depthwise_conv2d", "depthwise_conv2d_channels_first",
            "depthwise_conv2d_strides_same", "separable_conv2d_same_strides", "separable_conv2d_valid",
            "lstm_backwards", "lstm_backwards_seq", "simple_rnn_backwards_seq", "average_pooling1d_same",
            "average_pooling1d_valid", "max_pooling1d_same", "max_pooling1d_valid", "cropping1d", "zero_padding1d",
            "upsampling1d", "flatten_channels_first");

    private static final Map<String, String> OUTCOMES = new TreeMap<>();

    @TempDir
    static Path dir;

    static Stream<String> cases() throws IOException {
        Path models = Fixtures.caseDir("dense_2d").getParent();
        try (Stream<Path> s = Files.list(models)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(Fixtures::exists).sorted().toList().stream();
        }
    }

    private static Path modelFile(String name) {
        Path dirOf = Fixtures.caseDir(name);
        Path keras = dirOf.resolve(name + ".keras");
        return Files.exists(keras) ? keras : dirOf.resolve(name + ".h5");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void exportedFixtureMatchesKerasInPlainDl4j(String name) throws IOException {
        CheckedModel model;
        try {
            model = ModelChecker.check(KerasModelReader.read(modelFile(name), null));
        } catch (Keras2jException e) {
            OUTCOMES.put(name, "not readable by keras2j: " + e.getMessage());
            assertThat(MUST_EXPORT).doesNotContain(name);
            return;
        }
        Path zip = dir.resolve(name + ".zip");
        try {
            Dl4jExporter.export(model, zip, true);
        } catch (UnsupportedModelException e) {
            OUTCOMES.put(name, "refused: " + e.getMessage());
            assertThat(MUST_EXPORT).as(e.getMessage()).doesNotContain(name);
            assertThat(e.getMessage()).matches("(?s)\\S+ \\([\\w.]+\\): .+|input '.*");
            return;
        }
        Map<String, NdArray> ref = Fixtures.npz(name);
        NdArray out = Dl4jVerifierFree.run(zip, inputs(ref));
        // The first output: "output", or "output_0" for a model with several (the DL4J graph's first output).
        String diff = Fixtures.compare(out, ref.containsKey("output") ? ref.get("output") : ref.get("output_0"));
        OUTCOMES.put(name, diff == null ? "exported, matches Keras" : "exported, MISMATCH: " + diff);
        assertThat(diff).as(name).isNull();
    }

    /** The reference's inputs in the model's order: {@code input}, or {@code input_0, input_1, ...}. */
    private static java.util.List<NdArray> inputs(Map<String, NdArray> ref) {
        if (ref.containsKey("input")) {
            return java.util.List.of(ref.get("input"));
        }
        java.util.List<NdArray> out = new java.util.ArrayList<>();
        for (int i = 0; ref.containsKey("input_" + i); i++) {
            out.add(ref.get("input_" + i));
        }
        return out;
    }

    @AfterAll
    static void printOutcomes() {
        OUTCOMES.forEach((k, v) -> System.out.println("DL4J-EXPORT " + k + ": " + v));
    }

    /** Runs the zip with DL4J alone: ModelSerializer and ND4J, nothing from keras2j but NdArray. */
    static final class Dl4jVerifierFree {
        static NdArray run(Path zip, java.util.List<NdArray> inputs) throws IOException {
            INDArray[] in = new INDArray[inputs.size()];
            for (int i = 0; i < in.length; i++) {
                in[i] = org.nd4j.linalg.factory.Nd4j.create(inputs.get(i).data().clone(),
                        java.util.Arrays.stream(inputs.get(i).shape()).asLongStream().toArray(), 'c');
            }
            INDArray out;
            try {
                MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(zip.toFile(), false);
                out = net.output(in[0], false);
            } catch (Exception notAMultiLayerNetwork) {
                ComputationGraph g = ModelSerializer.restoreComputationGraph(zip.toFile(), false);
                out = g.output(false, in)[0];
            }
            INDArray c = out.dup('c');
            return NdArray.of(c.data().asFloat(), java.util.Arrays.stream(c.shape()).mapToInt(Math::toIntExact).toArray());
        }
    }
}
