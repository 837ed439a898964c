package dev.keras2j.export.onnx;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.layer.AttentionSpec;

import java.util.List;
import java.util.Map;

import static dev.keras2j.export.onnx.OnnxGraph.attr;

/**
 * Attention (Luong) and AdditiveAttention (Bahdanau) at inference, in the order Keras computes them:
 * the scores ({@code dot}: MatMul of the query and the transposed key, times {@code scale}; {@code concat}:
 * {@code concat_score_weight * ReduceSum(Tanh(scale * (q + k)))} over unsqueezed query and key; additive:
 * {@code ReduceSum(scale * Tanh(q + k))}), the causal mask as Keras applies it (a Where that gives the later key
 * steps {@code score - 1e9}), Softmax over the key steps, and MatMul with the value. The softmax weights are the
 * second output with {@code return_attention_scores}. Dropout is the identity. Masks never reach this layer
 * in an ONNX export (they are refused where they start).
 */
final class AttentionTranslator {
    /** Keras's {@code max_value} subtracted from a masked float32 score. */
    private static final double MASK_SHIFT = 1.0e9;

    private AttentionTranslator() {
    }

    static void register(TranslatorRegistry r) {
        r.registerMulti(AttentionSpec.class, AttentionTranslator::translate);
    }

    private static List<String> translate(AttentionSpec a, CheckedLayer l, List<String> in, Translation t) {
        Map<String, Object> kwargs = l.calls().get(0).call().kwargs();
        OnnxGraph g = t.graph();
        String name = l.name();
        String q = in.get(0);
        String v = in.get(1);
        String k = in.size() > 2 ? in.get(2) : v;
        int rank = l.inputShapes().get(0).rank() + 1; // with the batch axis
        String scores;
        switch (a.score()) {
            case DOT -> {
                int[] perm = new int[rank];
                for (int i = 0; i < rank; i++) {
                    perm[i] = i;
                }
                perm[rank - 2] = rank - 1;
                perm[rank - 1] = rank - 2;
                scores = g.op("MatMul", name + "_scores", List.of(q, g.transpose(k, name + "_key_t", perm)));
                if (a.useScale()) {
                    scores = g.op("Mul", name + "_scaled", List.of(scores, g.weight(name + "_scale", l.weight("scale"))));
                }
            }
            case CONCAT -> {
                String sum = pairwiseSum(g, name, q, k);
                if (a.useScale()) {
                    sum = g.op("Mul", name + "_scaled", List.of(sum, g.weight(name + "_scale", l.weight("scale"))));
                }
                String total = g.reduce("ReduceSum", g.op("Tanh", name + "_tanh", List.of(sum)), name + "_sum", false, -1);
                scores = g.op("Mul", name + "_scores", List.of(total,
                        g.weight(name + "_concat_weight", l.weight("concat_score_weight"))));
            }
            default -> {
                String tanh = g.op("Tanh", name + "_tanh", List.of(pairwiseSum(g, name, q, k)));
                if (a.useScale()) {
                    tanh = g.op("Mul", name + "_scaled", List.of(tanh, g.weight(name + "_scale", l.weight("scale"))));
                }
                scores = g.reduce("ReduceSum", tanh, name + "_scores", false, -1);
            }
        }
        if (a.causal(kwargs)) {
            String shifted = g.withScalar("Sub", scores, MASK_SHIFT, name + "_shifted");
            scores = g.op("Where", name + "_causal", List.of(causalMask(g, q, k, name, rank), scores, shifted));
        }
        String weights = g.op("Softmax", name + "_softmax", List.of(scores), attr("axis", -1L));
        String out = g.op("MatMul", name + "_out", List.of(weights, v));
        return AttentionSpec.returnsScores(kwargs) ? List.of(out, weights) : List.of(out);
    }

    /** {@code q + k} for every query step and key step: {@code (..., Tq, 1, dim) + (..., 1, Tv, dim)}. */
    private static String pairwiseSum(OnnxGraph g, String name, String q, String k) {
        return g.op("Add", name + "_pairs", List.of(g.unsqueeze(q, name + "_q_rows", -2L),
                g.unsqueeze(k, name + "_k_cols", -3L)));
    }

    /** {@code [Tq, Tv]} booleans, true where key step {@code j <= i} (Keras's causal mask), from the inputs' lengths. */
    private static String causalMask(OnnxGraph g, String query, String key, String hint, int rank) {
        String rows = g.unsqueeze(steps(g, query, hint + "_rows", rank), hint + "_rows_col", 1);
        String cols = steps(g, key, hint + "_cols", rank);
        return g.op("GreaterOrEqual", hint + "_causal_mask", List.of(rows, cols));
    }

    /** {@code 0, 1, ..., n - 1} for the length {@code n} of the steps axis (the one before the features). */
    private static String steps(OnnxGraph g, String x, String hint, int rank) {
        String n = g.op("Gather", hint + "_n", List.of(g.op("Shape", hint + "_shape", List.of(x)),
                g.intScalar(hint + "_axis", rank - 2)), attr("axis", 0L));
        return g.op("Range", hint, List.of(g.intScalar(hint + "_start", 0), n, g.intScalar(hint + "_delta", 1)));
    }
}
