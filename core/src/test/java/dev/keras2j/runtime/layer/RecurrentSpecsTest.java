package dev.keras2j.runtime.layer;

import dev.keras2j.model.layer.RecurrentSpec;
import dev.keras2j.model.ModelCheckException;
import dev.keras2j.model.ActivationSpec;
import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.Keras2jException;
import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.model.WeightSlot;
import dev.keras2j.model.layer.BidirectionalSpec;
import dev.keras2j.model.layer.EmbeddingSpec;
import dev.keras2j.model.layer.GruSpec;
import dev.keras2j.model.layer.LayerSpecs;
import dev.keras2j.model.layer.LstmSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;
import dev.keras2j.runtime.RuntimeLayers;
import dev.keras2j.runtime.RuntimeModel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Option parsing, defaults, refusals and mask propagation of the recurrent family. */
class RecurrentSpecsTest {
    private static LayerConfig config(String cls, int major, Object... kv) {
        Map<String, Object> options = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            options.put((String) kv[i], kv[i + 1]);
        }
        return new LayerConfig(cls, "l", options, major);
    }

    @Test
    void gruResetAfterDefaultFollowsTheWritingKerasVersion() {
        assertThat(((GruSpec) LayerSpecs.create(config("GRU", 2, "units", 3))).resetAfter()).isFalse();
        assertThat(((GruSpec) LayerSpecs.create(config("GRU", 3, "units", 3))).resetAfter()).isTrue();
        assertThat(((GruSpec) LayerSpecs.create(config("GRU", 2, "units", 3, "reset_after", true))).resetAfter()).isTrue();
        GruSpec k2 = (GruSpec) LayerSpecs.create(config("GRU", 2, "units", 3));
        assertThat(k2.weightSlots(List.of(Shape.of(5, 2)))).extracting(WeightSlot::toString)
                .containsExactly("kernel[2, 9]", "recurrent_kernel[3, 9]", "bias[9]");
        GruSpec k3 = (GruSpec) LayerSpecs.create(config("GRU", 3, "units", 3));
        assertThat(k3.weightSlots(List.of(Shape.of(5, 2))).get(2).shape()).containsExactly(2, 9);
    }

    @Test
    void hardSigmoidFollowsTheWritingKerasVersion() {
        LstmSpec k2 = (LstmSpec) LayerSpecs.create(config("LSTM", 2, "units", 3, "recurrent_activation", "hard_sigmoid"));
        LstmSpec k3 = (LstmSpec) LayerSpecs.create(config("LSTM", 3, "units", 3, "recurrent_activation", "hard_sigmoid"));
        assertThat(k2.recurrentActivation().kind()).isEqualTo(ActivationSpec.Kind.HARD_SIGMOID_KERAS2);
        assertThat(k3.recurrentActivation().kind()).isEqualTo(ActivationSpec.Kind.HARD_SIGMOID);
        assertThat(k3.activation().kind()).isEqualTo(ActivationSpec.Kind.TANH);
        assertThat(k3.gateOrder()).containsExactly("i", "f", "c", "o");
    }

    @Test
    void refusesOptionsThatCannotBeReproduced() {
        // Described (inspect shows them) but marked as not runnable, with the option named.
        assertThat(LayerSpecs.create(config("LSTM", 3, "units", 3, "stateful", true)).unsupportedReason())
                .contains("stateful");
        RecurrentSpec withStates = (RecurrentSpec) LayerSpecs.create(config("GRU", 3, "units", 3, "return_state", true));
        assertThat(withStates.unsupportedReason()).isNull();
        assertThat(withStates.outputShapes(List.of(Shape.of(5, 2)))).containsExactly(Shape.of(3), Shape.of(3));
        assertThatThrownBy(() -> withStates.outputShapes(List.of(Shape.of(5, 2), Shape.of(3), Shape.of(3))))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("has 1 state(s)");
        assertThatThrownBy(() -> withStates.outputShapes(List.of(Shape.of(5, 2), Shape.of(4))))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("(None, 4) does not fit 3 units");
        assertThat(LayerSpecs.create(config("SimpleRNN", 2, "units", 3, "time_major", true)).unsupportedReason())
                .contains("time_major");
        assertThat(LayerSpecs.create(config("LSTM", 3, "units", 3)).unsupportedReason()).isNull();
        LayerConfig inner = config("LSTM", 3, "units", 3);
        Map<String, Object> none = new HashMap<>();
        none.put("layer", inner);
        none.put("merge_mode", null);
        // merge_mode=None: the forward and backward outputs are two outputs.
        BidirectionalSpec two = (BidirectionalSpec) LayerSpecs.create(new LayerConfig("Bidirectional", "b", none, 3));
        assertThat(two.outputShapes(List.of(Shape.of(4, 2)))).containsExactly(Shape.of(3), Shape.of(3));
        assertThatThrownBy(() -> LayerSpecs.create(config("Bidirectional", 3, "layer", config("Dense", 3, "units", 2))))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("only SimpleRNN, LSTM and GRU");
        assertThatThrownBy(() -> LayerSpecs.create(config("Embedding", 3, "input_dim", 5, "output_dim", 2, "lora_rank", 4)))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("lora_rank");
    }

    @Test
    void embeddingInputLengthShapesKeras2OutputsOnly() {
        EmbeddingSpec k2 = (EmbeddingSpec) LayerSpecs.create(config("Embedding", 2, "input_dim", 5, "output_dim", 2,
                "input_length", 7));
        assertThat(k2.outputShape(List.of(Shape.of(Shape.UNKNOWN)))).isEqualTo(Shape.of(7, 2));
        EmbeddingSpec k3 = (EmbeddingSpec) LayerSpecs.create(config("Embedding", 3, "input_dim", 5, "output_dim", 2,
                "input_length", 7));
        assertThat(k3.outputShape(List.of(Shape.of(Shape.UNKNOWN)))).isEqualTo(Shape.of(Shape.UNKNOWN, 2));
    }

    @Test
    void embeddingRejectsIdsOutsideTheVocabulary() throws IOException {
        RuntimeModel model = RecurrentCase.load("embedding").runtime();
        float[] ids = {1, 2, 10, 3, 4, 5};
        assertThatThrownBy(() -> model.predict(NdArray.of(ids, 1, 6)))
                .isInstanceOf(Keras2jException.class).hasMessageContaining("(Embedding)").hasMessageContaining("10.0");
        float[] negative = {1, 2, -1, 3, 4, 5};
        assertThatThrownBy(() -> model.predict(NdArray.of(negative, 1, 6)))
                .isInstanceOf(Keras2jException.class).hasMessageContaining("-1.0");
    }

    @Test
    void bidirectionalWithoutBackwardLayerBuildsItFromTheForwardOne() throws IOException {
        // Keras 2 files carry only "layer"; the backward copy is the same layer going backwards.
        RecurrentCase c = RecurrentCase.load("bidi_lstm_concat_seq");
        LayerConfig full = c.layers().get(0);
        Map<String, Object> options = new LinkedHashMap<>(full.options());
        options.remove("backward_layer");
        LayerConfig keras2 = new LayerConfig(full.className(), full.name(), options, 2);
        RecurrentCase derived = new RecurrentCase(c.name(), 2, List.of(keras2), c.arrays());
        BidirectionalSpec spec = (BidirectionalSpec) LayerSpecs.create(keras2);
        assertThat(spec.backward().goBackwards()).isTrue();
        assertThat(spec.weightSlots(List.of(Shape.of(6, 3)))).extracting(WeightSlot::name).containsExactly(
                "forward_kernel", "forward_recurrent_kernel", "forward_bias",
                "backward_kernel", "backward_recurrent_kernel", "backward_bias");
        RecurrentLayersTest.assertClose("derived backward layer", derived.runtime().predict(c.input()),
                c.arrays().get("output"));
    }

    @Test
    void masksFlowAsKerasComputeMaskSays() throws IOException {
        RecurrentCase c = RecurrentCase.load("masking_lstm_td_dense_gru");
        CheckedModel checked = ModelChecker.check(c.modelSpec());
        List<boolean[]> masks = new ArrayList<>();
        MaskedArray x = MaskedArray.of(c.input());
        for (CheckedLayer l : checked.layers()) {
            RuntimeLayer layer = RuntimeLayers.create(l);
            x = layer.forward(x);
            masks.add(x.mask());
        }
        boolean[] fromMasking = masks.get(0);
        // Row 1: steps 0 and 3 masked; row 3: all masked; row 2: step 3 only partly zero stays real.
        assertThat(fromMasking).hasSize(4 * 6);
        assertThat(fromMasking[6]).isFalse();
        assertThat(fromMasking[6 + 3]).isFalse();
        assertThat(fromMasking[12 + 3]).isTrue();
        assertThat(fromMasking[12 + 1]).isFalse();
        for (int t = 0; t < 6; t++) {
            assertThat(fromMasking[18 + t]).isFalse();
        }
        assertThat(masks.get(1)).as("LSTM with return_sequences passes the mask").isSameAs(fromMasking);
        assertThat(masks.get(2)).as("TimeDistributed passes the mask").isSameAs(fromMasking);
        assertThat(masks.get(3)).as("GRU without return_sequences drops the mask").isNull();
    }

    @Test
    void embeddingMaskZeroMasksZeroIds() throws IOException {
        RecurrentCase c = RecurrentCase.load("embedding_mask_lstm");
        CheckedModel checked = ModelChecker.check(c.modelSpec());
        MaskedArray out = RuntimeLayers.create(checked.layers().get(0)).forward(MaskedArray.of(c.input()));
        float[] ids = c.input().data();
        assertThat(out.mask()).hasSize(ids.length);
        for (int i = 0; i < ids.length; i++) {
            assertThat(out.mask()[i]).isEqualTo(ids[i] != 0f);
        }
        MaskedArray plain = RuntimeLayers.create(ModelChecker.check(RecurrentCase.load("embedding").modelSpec())
                .layers().get(0)).forward(MaskedArray.of(c.input()));
        assertThat(plain.mask()).isNull();
    }
}
