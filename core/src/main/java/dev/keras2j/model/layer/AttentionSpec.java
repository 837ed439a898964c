package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;
import dev.keras2j.model.WeightSlot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code Attention} (Luong) and {@code AdditiveAttention} (Bahdanau), one family: both are called on
 * {@code [query, value]} or {@code [query, value, key]} (key defaults to value), of shapes
 * {@code (..., Tq, dim)}, {@code (..., Tv, value_dim)}, {@code (..., Tv, dim)}, and differ only in the score of
 * a query step against a key step:
 * <ul>
 *   <li>{@code Attention}, {@code score_mode="dot"}: {@code q . k}, times the scalar {@code scale} with
 *       {@code use_scale};</li>
 *   <li>{@code Attention}, {@code score_mode="concat"}: {@code concat_score_weight * sum(tanh(scale * (q + k)))}
 *       (without {@code use_scale}, {@code sum(tanh(q + k))});</li>
 *   <li>{@code AdditiveAttention}: {@code sum(scale * tanh(q + k))} with the per-feature {@code scale}
 *       ({@code use_scale}, the default), else {@code sum(tanh(q + k))}.</li>
 * </ul>
 * Weights, in Keras's order: {@code scale} (a scalar for Attention, {@code (dim,)} for AdditiveAttention) when
 * {@code use_scale}, then Attention's scalar {@code concat_score_weight} in concat mode. {@code dropout} is the
 * identity at inference. The call options {@code use_causal_mask} and {@code return_attention_scores} (a second
 * output {@code (..., Tq, Tv)}) are read per call; tf.keras's constructor option {@code causal} means
 * {@code use_causal_mask} on every call.
 */
public final class AttentionSpec extends LayerSpec {
    /** How a query step is scored against a key step. */
    public enum Score {
        /** Attention, score_mode "dot". */
        DOT,
        /** Attention, score_mode "concat". */
        CONCAT,
        /** AdditiveAttention. */
        ADDITIVE
    }

    private final Score score;
    private final boolean useScale;
    private final boolean causal;

    public AttentionSpec(LayerConfig config) {
        super(config);
        boolean additive = config.className().equals("AdditiveAttention");
        this.useScale = config.bool("use_scale", additive);
        if (additive) {
            this.score = Score.ADDITIVE; // Keras's AdditiveAttention ignores any score_mode
        } else {
            String mode = config.string("score_mode", "dot");
            this.score = switch (mode) {
                case "dot" -> Score.DOT;
                case "concat" -> Score.CONCAT;
                default -> throw check("score_mode '" + mode + "' is not one of Keras's 'dot', 'concat'");
            };
        }
        this.causal = config.bool("causal", false);
        double dropout = config.number("dropout", 0.0);
        if (!(dropout >= 0 && dropout <= 1)) {
            throw check("dropout " + dropout + " is not between 0 and 1");
        }
    }

    public Score score() {
        return score;
    }

    public boolean useScale() {
        return useScale;
    }

    /** Whether a call masks the future: the call's {@code use_causal_mask}, or tf.keras's {@code causal}. */
    public boolean causal(Map<String, Object> callOptions) {
        return causal || Boolean.TRUE.equals(callOptions.get("use_causal_mask"));
    }

    /** Whether a call also returns the attention scores. */
    public static boolean returnsScores(Map<String, Object> callOptions) {
        return Boolean.TRUE.equals(callOptions.get("return_attention_scores"));
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        return outputShapes(inputs, Map.of()).get(0);
    }

    @Override
    protected Shape outputShape(Shape input) {
        throw check("takes [query, value] or [query, value, key], got one input");
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        return outputShapes(inputs, Map.of());
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs, Map<String, Object> callOptions) {
        if (inputs.size() != 2 && inputs.size() != 3) {
            throw check("takes [query, value] or [query, value, key], got " + inputs.size() + " inputs");
        }
        Shape q = inputs.get(0);
        Shape v = inputs.get(1);
        Shape k = inputs.size() == 3 ? inputs.get(2) : v;
        for (Shape s : List.of(q, v, k)) {
            if (s.rank() < 2) {
                throw check("input " + s.toKerasString() + " is not a batch of sequences (steps, features)");
            }
            if (s.last() == Shape.UNKNOWN) {
                throw check("input " + s.toKerasString() + " has an unknown feature size");
            }
        }
        if (q.rank() != v.rank() || k.rank() != v.rank()) {
            throw refuse("query " + q.toKerasString() + ", value " + v.toKerasString() + " and key "
                    + k.toKerasString() + " of different ranks (Keras would broadcast them) are not supported by keras2j");
        }
        int lead = q.rank() - 2;
        int[] ql = Arrays.copyOf(q.dims(), lead);
        if (!Arrays.equals(ql, Arrays.copyOf(v.dims(), lead)) || !Arrays.equals(ql, Arrays.copyOf(k.dims(), lead))) {
            throw refuse("query " + q.toKerasString() + ", value " + v.toKerasString() + " and key " + k.toKerasString()
                    + " differ before their last two axes (Keras would broadcast them), which keras2j does not support");
        }
        if (k.dim(lead) != v.dim(lead) && k.dim(lead) != Shape.UNKNOWN && v.dim(lead) != Shape.UNKNOWN) {
            throw check("key " + k.toKerasString() + " and value " + v.toKerasString() + " have different step counts");
        }
        if (q.last() != k.last()) {
            throw check("query " + q.toKerasString() + " and key " + k.toKerasString() + " have different feature sizes");
        }
        int[] out = q.dims();
        out[out.length - 1] = v.last();
        List<Shape> shapes = new ArrayList<>(2);
        shapes.add(Shape.of(out));
        if (returnsScores(callOptions)) {
            int[] scores = q.dims();
            scores[scores.length - 1] = k.dim(lead) == Shape.UNKNOWN ? v.dim(lead) : k.dim(lead);
            shapes.add(Shape.of(scores));
        }
        return shapes;
    }

    @Override
    public List<WeightSlot> weightSlots(List<Shape> inputs) {
        List<WeightSlot> slots = new ArrayList<>(2);
        if (useScale) {
            slots.add(new WeightSlot("scale", score == Score.ADDITIVE ? new int[] {inputs.get(0).last()} : new int[0]));
        }
        if (score == Score.CONCAT) {
            slots.add(new WeightSlot("concat_score_weight", new int[0]));
        }
        return slots;
    }
}
