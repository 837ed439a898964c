package dev.keras2j.keras;

import dev.keras2j.container.JsonDocument;
import dev.keras2j.model.LayerCall;
import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerNode;
import dev.keras2j.model.ModelFormatException;
import dev.keras2j.model.Shape;
import dev.keras2j.model.TensorRef;
import dev.keras2j.model.UnsupportedModelException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keras 1 and 2 config dialects, as config text of the structure those versions wrote. */
class DialectTest {
    private static LayerConfig translate(String json, int major) {
        return new LayerConfigTranslator("test.h5", major).translate(KerasJson.asMap(JsonDocument.parse(json, "test")));
    }

    @Test
    void keras1Convolution2DBecomesConv2D() {
        LayerConfig c = translate("""
                {"class_name": "Convolution2D", "config": {"name": "convolution2d_1", "nb_filter": 6, "nb_row": 3,
                 "nb_col": 2, "init": "glorot_uniform", "activation": "linear", "border_mode": "same",
                 "subsample": [1, 2], "dim_ordering": "th", "W_regularizer": null, "bias": false}}""", 1);
        assertThat(c.className()).isEqualTo("Conv2D");
        assertThat(c.name()).isEqualTo("convolution2d_1");
        assertThat(c.integer("filters", 0)).isEqualTo(6);
        assertThat(c.ints("kernel_size", 2, null)).containsExactly(3, 2);
        assertThat(c.ints("strides", 2, null)).containsExactly(1, 2);
        assertThat(c.string("padding", null)).isEqualTo("same");
        assertThat(c.string("data_format", null)).isEqualTo("channels_first");
        assertThat(c.bool("use_bias", true)).isFalse();
        assertThat(c.options()).doesNotContainKeys("nb_filter", "border_mode", "init", "W_regularizer", "dim_ordering");
    }

    @Test
    void keras1RecurrentAndConv1DOptions() {
        LayerConfig lstm = translate("""
                {"class_name": "LSTM", "config": {"name": "lstm_1", "output_dim": 50, "inner_activation": "hard_sigmoid",
                 "activation": "tanh", "dropout_W": 0.2, "dropout_U": 0.1, "consume_less": "cpu", "input_dim": 1,
                 "input_length": null, "forget_bias_init": "one", "return_sequences": false}}""", 1);
        assertThat(lstm.integer("units", 0)).isEqualTo(50);
        assertThat(lstm.string("recurrent_activation", null)).isEqualTo("hard_sigmoid");
        assertThat(lstm.number("dropout", 0)).isEqualTo(0.2);
        assertThat(lstm.number("recurrent_dropout", 0)).isEqualTo(0.1);
        assertThat(lstm.bool("use_bias", false)).isTrue();
        assertThat(lstm.kerasMajorVersion()).isEqualTo(1);
        assertThat(lstm.options()).doesNotContainKeys("output_dim", "consume_less", "input_dim", "forget_bias_init");

        LayerConfig gru = translate("{\"class_name\": \"GRU\", \"config\": {\"name\": \"g\", \"output_dim\": 4}}", 1);
        assertThat(gru.bool("reset_after", true)).isFalse();

        LayerConfig conv = translate("""
                {"class_name": "AtrousConvolution1D", "config": {"name": "c", "nb_filter": 8, "filter_length": 3,
                 "subsample_length": 1, "atrous_rate": 2, "border_mode": "valid"}}""", 1);
        assertThat(conv.className()).isEqualTo("Conv1D");
        assertThat(conv.options()).containsEntry("filters", 8L).containsEntry("kernel_size", 3L)
                .containsEntry("dilation_rate", 2L).containsEntry("strides", 1L);

        LayerConfig pool = translate("{\"class_name\": \"MaxPooling1D\", \"config\": {\"name\": \"p\", \"pool_length\": 2, \"stride\": null, \"border_mode\": \"valid\"}}", 1);
        assertThat(pool.options()).containsEntry("pool_size", 2L).containsKey("strides").containsEntry("padding", "valid");

        LayerConfig drop = translate("{\"class_name\": \"Dropout\", \"config\": {\"name\": \"d\", \"p\": 0.25}}", 1);
        assertThat(drop.number("rate", 0)).isEqualTo(0.25);

        LayerConfig emb = translate("{\"class_name\": \"Embedding\", \"config\": {\"name\": \"e\", \"input_dim\": 10, \"output_dim\": 4, \"dropout\": 0.0}}", 1);
        assertThat(emb.options()).containsEntry("input_dim", 10L).containsEntry("output_dim", 4L).doesNotContainKey("dropout");
    }

    @Test
    void keras1RefusalsAndBatchNormalization() {
        assertThatThrownBy(() -> translate("{\"class_name\": \"Merge\", \"config\": {\"name\": \"merge_1\", \"mode\": \"sum\"}}", 1))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("merge_1 (Merge)");
        assertThatThrownBy(() -> translate("{\"class_name\": \"BatchNormalization\", \"config\": {\"name\": \"bn\", \"mode\": 2}}", 1))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("mode 2");
        LayerConfig bn = translate("{\"class_name\": \"BatchNormalization\", \"config\": {\"name\": \"bn\", \"mode\": 0, \"axis\": 1, \"epsilon\": 0.001, \"gamma_init\": \"one\"}}", 1);
        assertThat(bn.options()).containsEntry("axis", 1L).doesNotContainKeys("mode", "gamma_init");
    }

    @Test
    void keras2NamesBecomeKeras3Names() {
        assertThat(translate("{\"class_name\": \"LeakyReLU\", \"config\": {\"name\": \"l\", \"alpha\": 0.3}}", 2).number("negative_slope", 0))
                .isEqualTo(0.3);
        assertThat(translate("{\"class_name\": \"GRU\", \"config\": {\"name\": \"g\", \"units\": 3}}", 2).bool("reset_after", true)).isFalse();
        assertThat(translate("{\"class_name\": \"GRU\", \"config\": {\"name\": \"g\", \"units\": 3, \"reset_after\": true}}", 2).bool("reset_after", false)).isTrue();
        assertThat(translate("{\"class_name\": \"GRU\", \"config\": {\"name\": \"g\", \"units\": 3}}", 3).has("reset_after")).isFalse();
        assertThatThrownBy(() -> translate("{\"class_name\": \"CuDNNLSTM\", \"config\": {\"name\": \"c\", \"units\": 3}}", 2))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("c (CuDNNLSTM)");
        assertThatThrownBy(() -> translate("{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 3, \"dtype\": {\"class_name\": \"Policy\", \"config\": {\"name\": \"mixed_bfloat16\"}}}}", 2))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("mixed_bfloat16");
        assertThatThrownBy(() -> translate("{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 3, \"dtype\": \"float64\"}}", 2))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("float64");
    }

    @Test
    void wrappedLayersAreTranslatedRecursively() {
        LayerConfig bi = translate("""
                {"class_name": "Bidirectional", "config": {"name": "bidirectional_1", "merge_mode": "concat",
                 "layer": {"class_name": "LSTM", "config": {"name": "lstm_1", "output_dim": 5, "inner_activation": "sigmoid"}}}}""", 1);
        LayerConfig inner = bi.nested("layer");
        assertThat(inner.className()).isEqualTo("LSTM");
        assertThat(inner.integer("units", 0)).isEqualTo(5);
        assertThat(inner.string("recurrent_activation", null)).isEqualTo("sigmoid");
        assertThat(inner.kerasMajorVersion()).isEqualTo(1);
    }

    @Test
    void keras1IsInferredFromOptionNamesWhenNoVersionIsRecorded() {
        Object k1 = JsonDocument.parse("{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"output_dim\": 2, \"input_dim\": 3}}]}", "t");
        Object k2 = JsonDocument.parse("{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"Embedding\", \"config\": {\"name\": \"e\", \"output_dim\": 2, \"input_dim\": 3}}]}", "t");
        assertThat(KerasDialect.majorVersion(k1, null)).isEqualTo(1);
        assertThat(KerasDialect.majorVersion(k2, null)).isEqualTo(2);
        assertThat(KerasDialect.majorVersion(k1, "2.1.3")).isEqualTo(2);
        ParsedModel m = ModelConfigReader.read(k1, 1, "t.json");
        assertThat(m.inputs().get(0).name()).isEqualTo("d_input");
        assertThat(m.inputs().get(0).shape()).isEqualTo(Shape.of(3));
    }

    @Test
    void keras2FunctionalInboundNodesAndBareListSequential() {
        Object functional = JsonDocument.parse("""
                {"class_name": "Model", "config": {"name": "m", "layers": [
                  {"name": "in", "class_name": "InputLayer", "config": {"batch_input_shape": [null, 6], "dtype": "float32", "name": "in"}, "inbound_nodes": []},
                  {"name": "d2", "class_name": "Dense", "config": {"name": "d2", "units": 2}, "inbound_nodes": [[["d1", 0, 0, {}]]]},
                  {"name": "d1", "class_name": "Dense", "config": {"name": "d1", "units": 4}, "inbound_nodes": [[["in", 0, 0, {}]]]}],
                 "input_layers": [["in", 0, 0]], "output_layers": [["d2", 0, 0]]}}""", "t");
        ParsedModel m = ModelConfigReader.read(functional, 2, "t.h5");
        // The config's order is kept; the checker orders the calls (ModelCheckerTest).
        assertThat(m.layers()).extracting(LayerNode::name).containsExactly("d2", "d1");
        assertThat(m.layers().get(0).inbound()).containsExactly("d1");
        assertThat(m.outputs()).containsExactlyElementsOf(TensorRef.list("d2"));

        Object shared = JsonDocument.parse("""
                {"class_name": "Model", "config": {"name": "m", "layers": [
                  {"name": "in", "class_name": "InputLayer", "config": {"batch_input_shape": [null, 6], "name": "in"}, "inbound_nodes": []},
                  {"name": "d", "class_name": "Dense", "config": {"name": "d", "units": 6}, "inbound_nodes": [[["in", 0, 0, {}]], [["d", 0, 0, {}]]]}],
                 "input_layers": [["in", 0, 0]], "output_layers": [["d", 1, 0]]}}""", "t");
        // Keras 2's node index: the second call of "d" reads the output of its first.
        ParsedModel sharedModel = ModelConfigReader.read(shared, 2, "t.h5");
        assertThat(sharedModel.layers().get(0).calls()).extracting(LayerCall::inputs)
                .containsExactly(List.of(TensorRef.of("in")), List.of(TensorRef.of("d")));
        assertThat(sharedModel.outputs()).containsExactly(new TensorRef("d", 1, 0));

        Object bare = JsonDocument.parse("""
                {"class_name": "Sequential", "config": [
                  {"class_name": "Dense", "config": {"name": "dense_1", "units": 3, "batch_input_shape": [null, 7], "dtype": "float32"}},
                  {"class_name": "Dense", "config": {"name": "dense_2", "units": 1}}]}""", "t");
        ParsedModel seq = ModelConfigReader.read(bare, 2, "t.h5");
        assertThat(seq.inputs().get(0).shape()).isEqualTo(Shape.of(7));
        assertThat(seq.layers().get(1).inbound()).containsExactly("dense_1");
        assertThat(seq.outputs()).containsExactlyElementsOf(TensorRef.list("dense_2"));

        Object emptyNested = JsonDocument.parse("""
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "Sequential", "config": {"name": "inner", "layers": []}}]}}""", "t");
        assertThatThrownBy(() -> ModelConfigReader.read(emptyNested, 2, "t.h5"))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("no layers");
    }

    @Test
    void malformedPlacesAreNamedInFullThoughTheirNamesAreJoinedOnlyForTheMessage() {
        Object badIndex = JsonDocument.parse("""
                {"class_name": "Model", "config": {"name": "m", "layers": [
                  {"name": "in", "class_name": "InputLayer", "config": {"batch_input_shape": [null, 6], "name": "in"}, "inbound_nodes": []},
                  {"name": "d", "class_name": "Dense", "config": {"name": "d", "units": 2}, "inbound_nodes": [[["in", "zero", 0, {}]]]}],
                 "input_layers": [["in", 0, 0]], "output_layers": [["d", 0, 0]]}}""", "t");
        assertThatThrownBy(() -> ModelConfigReader.read(badIndex, 2, "t.h5"))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("t.h5: d (Dense): input reference [in, zero, 0, {}]: malformed model config: "
                        + "expected an integer, found zero");

        Object badLayerConfig = JsonDocument.parse("""
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "Dense", "config": [1, 2]}]}}""", "t");
        assertThatThrownBy(() -> ModelConfigReader.read(badLayerConfig, 2, "t.h5"))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("t.h5: layer Dense: malformed model config: expected an object, found [1, 2]");

        assertThatThrownBy(() -> translate("""
                {"class_name": "CuDNNGRU", "config": {"name": "gru_1", "units": 3}}""", 2))
                .isInstanceOf(UnsupportedModelException.class).hasMessageStartingWith("test.h5: gru_1 (CuDNNGRU): CuDNNGRU is refused");
    }

    private static final String KERAS2_INNER = """
            {"class_name": "Model", "name": "inner", "config": {"name": "inner", "layers": [
               {"class_name": "InputLayer", "name": "in_a", "config": {"name": "in_a", "batch_input_shape": [null, 4]}, "inbound_nodes": []},
               {"class_name": "Dense", "name": "d1", "config": {"name": "d1", "units": 3}, "inbound_nodes": [[["in_a", 0, 0, {}]]]}],
             "input_layers": [["in_a", 0, 0]], "output_layers": [["d1", 0, 0]]},
             "inbound_nodes": [[["input_1", 0, 0, {}]]]}""";

    private static Object keras2Outer(String inner, String lastName, String output) {
        return keras2Outer(inner, lastName, output, 0);
    }

    /** The outer model whose last layer reads output {@code tensor} of the nested model "inner". */
    private static Object keras2Outer(String inner, String lastName, String output, int tensor) {
        return JsonDocument.parse("""
                {"class_name": "Model", "config": {"name": "outer", "layers": [
                  {"class_name": "InputLayer", "name": "input_1", "config": {"name": "input_1", "batch_input_shape": [null, 4]}, "inbound_nodes": []},
                  %s,
                  {"class_name": "Dense", "name": "%s", "config": {"name": "%s", "units": 2}, "inbound_nodes": [[["inner", 0, %d, {}]]]}],
                 "input_layers": [["input_1", 0, 0]], "output_layers": [["%s", 0, 0]]}}""".formatted(inner, lastName, lastName, tensor, output), "t");
    }

    @Test
    void nestedModelIsFlattenedIntoTheOuterGraph() {
        ParsedModel m = ModelConfigReader.read(keras2Outer(KERAS2_INNER, "d2", "d2"), 2, "t.h5");
        assertThat(m.layers()).extracting(LayerNode::name).containsExactly("d1", "d2");
        assertThat(m.layers().get(0).inbound()).containsExactly("input_1");
        assertThat(m.layers().get(1).inbound()).containsExactly("d1");
        assertThat(m.savedLayers()).extracting(ParsedModel.SavedLayer::name).containsExactly("input_1", "inner", "d2");
        assertThat(m.savedLayers().get(1).nested().layers()).extracting(LayerNode::name).containsExactly("d1");

        ParsedModel endsInNested = ModelConfigReader.read(keras2Outer(KERAS2_INNER, "d2", "inner"), 2, "t.h5");
        assertThat(endsInNested.outputs()).containsExactlyElementsOf(TensorRef.list("d1"));
    }

    @Test
    void nestedModelsWithSeveralOutputsOrCallsAreFlattened() {
        assertThatThrownBy(() -> ModelConfigReader.read(keras2Outer(KERAS2_INNER, "d1", "d1"), 2, "t.h5"))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("d1 (Dense)")
                .hasMessageContaining("appears twice");
        String twoOutputs = KERAS2_INNER.replace("\"output_layers\": [[\"d1\", 0, 0]]",
                "\"output_layers\": [[\"d1\", 0, 0], [\"in_a\", 0, 0]]");
        // A nested model with two outputs, the second its own input: the outer graph reads through to what it was passed.
        ParsedModel two = ModelConfigReader.read(keras2Outer(twoOutputs, "d2", "d2"), 2, "t.h5");
        assertThat(two.layers()).extracting(LayerNode::name).containsExactly("d1", "d2");
        assertThat(two.layers().get(1).calls().get(0).inputs()).containsExactly(TensorRef.of("d1"));
        ParsedModel second = ModelConfigReader.read(keras2Outer(twoOutputs, "d2", "d2", 1), 2, "t.h5");
        assertThat(second.layers().get(1).calls().get(0).inputs()).containsExactly(TensorRef.of("input_1"));
        assertThatThrownBy(() -> ModelConfigReader.read(keras2Outer(twoOutputs, "d2", "d2", 2), 2, "t.h5"))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("inner:0:2")
                .hasMessageContaining("has 2 output(s)");
        // A nested model called twice: its layer gets both calls, its weights stay once.
        String shared = KERAS2_INNER.replace("[[[\"input_1\", 0, 0, {}]]]", "[[[\"input_1\", 0, 0, {}]], [[\"input_1\", 0, 0, {}]]]");
        ParsedModel twice = ModelConfigReader.read(keras2Outer(shared, "d2", "d2"), 2, "t.h5");
        assertThat(twice.layers().get(0).calls()).hasSize(2);
        assertThat(twice.layers().get(0).calls()).extracting(LayerCall::inputs)
                .containsOnly(List.of(TensorRef.of("input_1")));
    }
}
