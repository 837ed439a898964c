package dev.keras2j.model;

import dev.keras2j.model.layer.LayerSpecs;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The checker over calls: evaluation order, shared layers' weights, several outputs, bad references. */
class ModelCheckerTest {
    private static LayerSpec dense(String name, int units) {
        return LayerSpecs.create(new LayerConfig("Dense", name, Map.of("units", units), 3));
    }

    private static LayerSpec lstm(String name, int units) {
        return LayerSpecs.create(new LayerConfig("LSTM", name, Map.of("units", units, "return_state", true), 3));
    }

    private static ModelSpec spec(List<InputSpec> inputs, List<LayerNode> layers, List<TensorRef> outputs,
                                  Map<String, List<NdArray>> weights) {
        return new ModelSpec("t", ModelFormat.JSON, "3.15.1", null, "Functional", inputs, layers, outputs, weights);
    }

    private static List<NdArray> denseWeights(int in, int out) {
        return List.of(NdArray.of(new float[in * out], in, out), NdArray.of(new float[out], out));
    }

    @Test
    void callsAreOrderedSoThatEachFollowsWhatItReads() {
        // Config order lists "b" before the layer it reads.
        LayerNode b = new LayerNode(dense("b", 2), List.of("a"));
        LayerNode a = new LayerNode(dense("a", 3), List.of("in"));
        CheckedModel m = ModelChecker.check(spec(List.of(new InputSpec("in", Shape.of(4), "float32")), List.of(b, a),
                TensorRef.list("b"), Map.of("a", denseWeights(4, 3), "b", denseWeights(3, 2))));
        assertThat(m.layers()).extracting(CheckedLayer::name).containsExactly("a", "b");
        assertThat(m.steps()).extracting(s -> s.layer().name()).containsExactly("a", "b");
        assertThat(m.isChain()).isTrue();
    }

    @Test
    void aSharedLayerIsBoundOnceAndCheckedOnEveryCall() {
        // "tower" is called on x, then on y; "head" reads the second call.
        LayerNode tower = LayerNode.called(dense("tower", 3), List.of(new LayerCall(TensorRef.list("x")),
                new LayerCall(TensorRef.list("y"))));
        LayerNode head = new LayerNode(dense("head", 1), List.of());
        head = LayerNode.called(head.spec(), List.of(new LayerCall(List.of(new TensorRef("tower", 1, 0)))));
        List<InputSpec> inputs = List.of(new InputSpec("x", Shape.of(4), "float32"), new InputSpec("y", Shape.of(4), "float32"));
        CheckedModel m = ModelChecker.check(spec(inputs, List.of(head, tower), TensorRef.list("head"),
                Map.of("tower", denseWeights(4, 3), "head", denseWeights(3, 1))));
        assertThat(m.layer("tower").callCount()).isEqualTo(2);
        assertThat(m.totalParams()).isEqualTo(4 * 3 + 3 + 3 + 1);
        assertThat(m.steps()).extracting(s -> s.layer().name() + "#" + s.call().index())
                .containsExactly("tower#0", "tower#1", "head#0");
        assertThat(m.isSimpleGraph()).isFalse();
        assertThatThrownBy(() -> m.layer("tower").node().inbound()).isInstanceOf(IllegalStateException.class);

        List<InputSpec> mismatched = List.of(new InputSpec("x", Shape.of(4), "float32"), new InputSpec("y", Shape.of(5), "float32"));
        LayerNode headAgain = head;
        assertThatThrownBy(() -> ModelChecker.check(spec(mismatched, List.of(tower, headAgain), TensorRef.list("head"),
                Map.of("tower", denseWeights(4, 3), "head", denseWeights(3, 1)))))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("tower (Dense): call #1 receives [(None, 5)]");
    }

    @Test
    void everyOutputOfALayerIsATensorOfTheGraph() {
        LayerNode enc = new LayerNode(lstm("enc", 2), List.of("seq"));
        CheckedModel m = ModelChecker.check(spec(List.of(new InputSpec("seq", Shape.of(5, 3), "float32")), List.of(enc),
                List.of(new TensorRef("enc", 0, 2), TensorRef.of("enc")),
                Map.of("enc", List.of(NdArray.of(new float[3 * 8], 3, 8), NdArray.of(new float[2 * 8], 2, 8),
                        NdArray.of(new float[8], 8)))));
        assertThat(m.layer("enc").outputShapes()).containsExactly(Shape.of(2), Shape.of(2), Shape.of(2));
        assertThat(m.outputShapes()).containsExactly(Shape.of(2), Shape.of(2));
        assertThatThrownBy(() -> ModelChecker.check(spec(List.of(new InputSpec("seq", Shape.of(5, 3), "float32")), List.of(enc),
                List.of(new TensorRef("enc", 0, 3)), Map.of("enc", m.layer("enc").weights().stream().map(Weight::value).toList()))))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("model output 'enc:0:3'");
    }

    @Test
    void aReferenceToACallThatDoesNotExistIsNamed() {
        LayerNode a = new LayerNode(dense("a", 3), List.of("in"));
        LayerNode b = LayerNode.called(dense("b", 2), List.of(new LayerCall(List.of(new TensorRef("a", 1, 0)))));
        assertThatThrownBy(() -> ModelChecker.check(spec(List.of(new InputSpec("in", Shape.of(4), "float32")), List.of(a, b),
                TensorRef.list("b"), Map.of("a", denseWeights(4, 3), "b", denseWeights(3, 2)))))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("b (Dense): reads 'a:1:0'")
                .hasMessageContaining("called 1 time(s)");
        LayerNode loop = LayerNode.called(dense("loop", 4), List.of(new LayerCall(TensorRef.list("loop"))));
        assertThatThrownBy(() -> ModelChecker.check(spec(List.of(new InputSpec("in", Shape.of(4), "float32")), List.of(loop),
                TensorRef.list("loop"), Map.of("loop", denseWeights(4, 4)))))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("a cycle");
    }
}
