package dev.keras2j.keras;

import dev.keras2j.container.JsonDocument;
import dev.keras2j.model.LayerCall;
import dev.keras2j.model.ModelFormatException;
import dev.keras2j.model.TensorRef;
import dev.keras2j.model.UnsupportedModelException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each dialect's inbound_nodes form read into calls of tensor references. */
class InboundNodesTest {
    private final InboundNodes nodes = new InboundNodes("t.json");

    private List<LayerCall> calls(String json) {
        return nodes.calls("x (LSTM)", JsonDocument.parse(json, "t"));
    }

    private static String kerasTensor(String layer, int node, int tensor) {
        return "{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": [null, 4], \"dtype\": \"float32\","
                + " \"keras_history\": [\"" + layer + "\", " + node + ", " + tensor + "]}}";
    }

    @Test
    void keras1CallsAreListsOfThreeElementReferences() {
        List<LayerCall> c = calls("[[[\"a\", 0, 0]], [[\"b\", 1, 2], [\"a\", 0, 0]]]");
        assertThat(c).extracting(LayerCall::inputs).containsExactly(
                List.of(TensorRef.of("a")), List.of(new TensorRef("b", 1, 2), TensorRef.of("a")));
    }

    @Test
    void keras2CallsCarryKwargsAndTheirTensors() {
        // tf.keras passes initial_state positionally; kwargs that name tensors add them after the sequence.
        List<LayerCall> positional = calls("[[[\"seq\", 0, 0, {}], [\"enc\", 0, 1, {}], [\"enc\", 0, 2, {}]]]");
        assertThat(positional.get(0).inputs()).containsExactly(TensorRef.of("seq"), new TensorRef("enc", 0, 1),
                new TensorRef("enc", 0, 2));
        List<LayerCall> keyword = calls("[[[\"seq\", 0, 0, {\"initial_state\": [[\"enc\", 0, 1], [\"enc\", 0, 2]], \"training\": false}]]]");
        assertThat(keyword.get(0).inputs()).containsExactly(TensorRef.of("seq"), new TensorRef("enc", 0, 1),
                new TensorRef("enc", 0, 2));
        assertThat(keyword.get(0).kwargs()).containsEntry("training", false).doesNotContainKey("initial_state");
        assertThatThrownBy(() -> calls("[[[\"seq\", 0, 0, {\"mask\": [\"m\", 0, 0]}]]]"))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("x (LSTM)")
                .hasMessageContaining("keyword argument 'mask'");
    }

    @Test
    void keras3CallsHoldKerasTensorsInArgsAndKwargs() {
        List<LayerCall> c = calls("[{\"args\": [" + kerasTensor("seq", 0, 0) + "], \"kwargs\": {\"initial_state\": ["
                + kerasTensor("enc", 0, 1) + ", " + kerasTensor("enc", 0, 2) + "], \"mask\": null, \"training\": false}},"
                + " {\"args\": [[" + kerasTensor("a", 1, 0) + ", " + kerasTensor("b", 0, 0) + "]], \"kwargs\": {}}]");
        assertThat(c.get(0).inputs()).containsExactly(TensorRef.of("seq"), new TensorRef("enc", 0, 1), new TensorRef("enc", 0, 2));
        assertThat(c.get(0).kwargs()).containsEntry("training", false).containsKey("mask");
        // Keras 3 hands a layer its input's mask only when the call has one tensor argument.
        assertThat(c.get(0).receivesMask()).isFalse();
        assertThat(c.get(1).receivesMask()).isTrue();
        assertThat(c.get(1).inputs()).containsExactly(new TensorRef("a", 1, 0), TensorRef.of("b"));
        assertThatThrownBy(() -> calls("[{\"args\": [" + kerasTensor("seq", 0, 0) + "], \"kwargs\": {\"mask\": "
                + kerasTensor("m", 0, 0) + "}}]"))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("tensor 'm' as keyword argument 'mask'");
    }

    @Test
    void malformedNodesAreNamed() {
        assertThatThrownBy(() -> calls("[[[\"a\", 0]]]")).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("malformed entry");
        assertThatThrownBy(() -> calls("[[[\"a\", -1, 0]]]")).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> calls("[]")).isInstanceOf(UnsupportedModelException.class)
                .hasMessageContaining("not connected");
        assertThat(nodes.endpoints(JsonDocument.parse("[\"out\", 1, 2]", "t"), "output_layers"))
                .containsExactly(new TensorRef("out", 1, 2));
    }
}
