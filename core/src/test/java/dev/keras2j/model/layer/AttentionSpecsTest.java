package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.ModelCheckException;
import dev.keras2j.model.Shape;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.model.WeightSlot;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Shapes, weight slots and refusals of Attention, AdditiveAttention and MultiHeadAttention's
 * {@code attention_axes} / {@code return_attention_scores} (their outputs against Keras are checked by the
 * fixtures of {@code fixtures/cases/attention2.py}).
 */
class AttentionSpecsTest {
    private static final Map<String, Object> SCORES = Map.of("return_attention_scores", true);

    private static LayerSpec spec(String cls, Object... kv) {
        Map<String, Object> options = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            options.put((String) kv[i], kv[i + 1]);
        }
        return LayerSpecs.create(new LayerConfig(cls, "l", options, 3));
    }

    private static List<String> slots(LayerSpec s, Shape... in) {
        return s.weightSlots(List.of(in)).stream().map(WeightSlot::toString).toList();
    }

    @Test
    void attentionOutputsTheQueryStepsWithTheValueFeaturesAndOptionallyTheScores() {
        LayerSpec a = spec("Attention");
        List<Shape> in = List.of(Shape.of(5, 4), Shape.of(6, 3), Shape.of(6, 4));
        assertThat(a.outputShapes(in, Map.of())).containsExactly(Shape.of(5, 3));
        assertThat(a.outputShapes(in, SCORES)).containsExactly(Shape.of(5, 3), Shape.of(5, 6));
        // key defaults to value; unknown step counts stay unknown
        assertThat(a.outputShapes(List.of(Shape.of(-1, 4), Shape.of(-1, 4)), SCORES))
                .containsExactly(Shape.of(-1, 4), Shape.of(-1, -1));
        // extra leading axes are batch axes
        assertThat(a.outputShapes(List.of(Shape.of(2, 5, 4), Shape.of(2, 6, 4)), SCORES))
                .containsExactly(Shape.of(2, 5, 4), Shape.of(2, 5, 6));
    }

    @Test
    void weightsFollowKerasBuildOrder() {
        Shape q = Shape.of(5, 4);
        Shape v = Shape.of(6, 4);
        assertThat(slots(spec("Attention"), q, v)).isEmpty();
        assertThat(slots(spec("Attention", "use_scale", true), q, v)).containsExactly("scale[]");
        assertThat(slots(spec("Attention", "score_mode", "concat"), q, v)).containsExactly("concat_score_weight[]");
        assertThat(slots(spec("Attention", "score_mode", "concat", "use_scale", true), q, v))
                .containsExactly("scale[]", "concat_score_weight[]");
        // AdditiveAttention: use_scale defaults to true, one scale per query feature; score_mode is ignored
        assertThat(slots(spec("AdditiveAttention"), q, v)).containsExactly("scale[4]");
        assertThat(slots(spec("AdditiveAttention", "use_scale", false, "score_mode", "concat"), q, v)).isEmpty();
        assertThat(((AttentionSpec) spec("AdditiveAttention", "score_mode", "concat")).score())
                .isEqualTo(AttentionSpec.Score.ADDITIVE);
    }

    @Test
    void causalComesFromTheCallOrFromTfKerasConstructorOption() {
        AttentionSpec plain = (AttentionSpec) spec("Attention");
        assertThat(plain.causal(Map.of())).isFalse();
        assertThat(plain.causal(Map.of("use_causal_mask", true))).isTrue();
        assertThat(((AttentionSpec) spec("Attention", "causal", true)).causal(Map.of())).isTrue();
    }

    @Test
    void inputsThatDoNotFitAreNamed() {
        LayerSpec a = spec("Attention");
        assertThatThrownBy(() -> a.outputShapes(List.of(Shape.of(5, 4)), Map.of()))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("l (Attention)")
                .hasMessageContaining("got 1 inputs");
        assertThatThrownBy(() -> a.outputShapes(List.of(Shape.of(5, 4), Shape.of(6, 3)), Map.of()))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("different feature sizes");
        assertThatThrownBy(() -> a.outputShapes(List.of(Shape.of(5, 4), Shape.of(6, 2), Shape.of(7, 4)), Map.of()))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("different step counts");
        assertThatThrownBy(() -> spec("Attention", "score_mode", "general"))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("score_mode 'general'");
    }

    @Test
    void broadcastingInputsAreRefusedByName() {
        LayerSpec a = spec("AdditiveAttention");
        assertThatThrownBy(() -> a.outputShapes(List.of(Shape.of(2, 5, 4), Shape.of(6, 4)), Map.of()))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("l (AdditiveAttention)")
                .hasMessageContaining("different ranks");
        assertThatThrownBy(() -> a.outputShapes(List.of(Shape.of(2, 5, 4), Shape.of(1, 6, 4)), Map.of()))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("broadcast");
    }

    @Test
    void multiHeadAttentionResolvesAttentionAxesAsKerasDoes() {
        MultiHeadAttentionSpec m = (MultiHeadAttentionSpec) spec("MultiHeadAttention", "num_heads", 2, "key_dim", 3,
                "attention_axes", List.of(1, -2));
        // input (batch, 3, 2, 4, 5): projected rank 6, so -2 is axis 3
        assertThat(m.attentionAxes(4)).containsExactly(1, 3);
        Shape x = Shape.of(3, 2, 4, 5);
        assertThat(m.outputShapes(List.of(x, x), SCORES))
                .containsExactly(x, Shape.of(2, 2, 3, 4, 3, 4));
        MultiHeadAttentionSpec rows = (MultiHeadAttentionSpec) spec("MultiHeadAttention", "num_heads", 2,
                "key_dim", 3, "attention_axes", 2);
        assertThat(rows.outputShapes(List.of(Shape.of(4, 5, 6), Shape.of(4, 3, 5)), SCORES))
                .containsExactly(Shape.of(4, 5, 6), Shape.of(4, 2, 5, 3));
        MultiHeadAttentionSpec defaults = (MultiHeadAttentionSpec) spec("MultiHeadAttention", "num_heads", 2,
                "key_dim", 3);
        assertThat(defaults.attentionAxes(3)).containsExactly(1, 2);
        // cross-attention scores have the key's positions (Keras's symbolic (batch, heads, Tq, Tq) is wrong)
        assertThat(defaults.outputShapes(List.of(Shape.of(5, 8), Shape.of(7, 4)), SCORES))
                .containsExactly(Shape.of(5, 8), Shape.of(2, 5, 7));
    }

    @Test
    void multiHeadAttentionAxesBeyondThePositionsAreRefused() {
        LayerSpec heads = spec("MultiHeadAttention", "num_heads", 2, "key_dim", 3, "attention_axes", -1);
        assertThatThrownBy(() -> heads.outputShape(List.of(Shape.of(5, 8), Shape.of(5, 8))))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("l (MultiHeadAttention)")
                .hasMessageContaining("attention_axes [-1]").hasMessageContaining("heads");
        LayerSpec twice = spec("MultiHeadAttention", "num_heads", 2, "key_dim", 3, "attention_axes", List.of(1, -3));
        assertThatThrownBy(() -> twice.outputShape(List.of(Shape.of(4, 5, 8), Shape.of(4, 5, 8))))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("name an axis twice");
        LayerSpec rows = spec("MultiHeadAttention", "num_heads", 2, "key_dim", 3, "attention_axes", 2);
        assertThatThrownBy(() -> rows.outputShape(List.of(Shape.of(4, 5, 8), Shape.of(3, 5, 8))))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("not an attention axis");
    }
}
