package dev.keras2j.export.onnx;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.layer.MultiHeadAttentionSpec;

import java.util.List;
import java.util.Map;

import static dev.keras2j.export.onnx.OnnxGraph.attr;

/**
 * MultiHeadAttention at inference, as Keras computes it with attention over every axis between batch and
 * features (the default {@code attention_axes}, or all of them named; flattened into one; attention over only
 * some of them is refused): the query, key and value projected by MatMul with the
 * kernels seen as {@code [features, heads * dim]} (plus their biases), split into heads
 * ({@code [batch, heads, positions, dim]}), the query scaled by the float32 {@code 1/sqrt(key_dim)}, scores
 * {@code query . key} by MatMul, {@code use_causal_mask} as a Where that gives the scores of later key positions
 * Keras's large negative logit, Softmax over the key positions, the weighted sum of the values by MatMul, and
 * the output projection; the result is reshaped to the query's positions and {@code output_shape}. Dropout is
 * the identity. Masks never reach this layer in an ONNX export (they are refused where they start), and
 * {@code return_attention_scores} is refused.
 */
final class MultiHeadAttentionTranslator {
    /** What Keras's dot_product_attention puts in place of a masked logit: 0.7 times float32's lowest. */
    private static final float MASKED_LOGIT = -0.7f * Float.MAX_VALUE;

    private MultiHeadAttentionTranslator() {
    }

    static void register(TranslatorRegistry r) {
        r.register(MultiHeadAttentionSpec.class, MultiHeadAttentionTranslator::translate);
    }

    private static String translate(MultiHeadAttentionSpec m, CheckedLayer l, List<String> in, Translation t) {
        Map<String, Object> kwargs = l.calls().get(0).call().kwargs();
        if (Boolean.TRUE.equals(kwargs.get("return_attention_scores"))) {
            throw Translation.refuse(m, "call option 'return_attention_scores' is not supported by keras2j");
        }
        boolean causal = Boolean.TRUE.equals(kwargs.get("use_causal_mask"));
        List<Shape> shapes = l.inputShapes();
        Shape qs = shapes.get(0);
        if (causal && qs.rank() > 2) {
            throw Translation.refuse(m, "use_causal_mask on inputs with more than one position axis is not supported"
                    + " by keras2j");
        }
        // The graph below flattens every position axis into one; attention over only some of them (the others
        // acting as batch axes) is another computation.
        int[] axes = m.attentionAxes(qs.rank());
        if (axes.length != qs.rank() - 1) {
            throw Translation.refuse(m, "attention_axes " + java.util.Arrays.toString(axes) + " over some of the "
                    + "position axes is not supported by the ONNX export");
        }
        OnnxGraph g = t.graph();
        String name = l.name();
        int heads = m.numHeads();
        int keyDim = m.keyDim();
        int valueDim = m.valueDim();
        String valueIn = in.get(1);
        String keyIn = in.size() > 2 ? in.get(2) : valueIn;
        Shape ks = shapes.size() > 2 ? shapes.get(2) : shapes.get(1);
        String q = heads(g, l, "query", in.get(0), qs.last(), heads, keyDim, new int[] {0, 2, 1, 3}, m.useBias());
        q = g.withScalar("Mul", q, (float) (1.0 / Math.sqrt(keyDim)), name + "_q_scaled");
        // The key comes out as [batch, heads, dim, positions], ready to multiply.
        String k = heads(g, l, "key", keyIn, ks.last(), heads, keyDim, new int[] {0, 2, 3, 1}, m.useBias());
        String v = heads(g, l, "value", valueIn, shapes.get(1).last(), heads, valueDim, new int[] {0, 2, 1, 3},
                m.useBias());
        String scores = g.op("MatMul", name + "_scores", List.of(q, k));
        if (causal) {
            scores = g.op("Where", name + "_causal", List.of(causalMask(g, in.get(0), keyIn, name), scores,
                    g.scalar(name + "_masked", MASKED_LOGIT)));
        }
        String weights = g.op("Softmax", name + "_softmax", List.of(scores), attr("axis", -1L));
        String context = g.op("MatMul", name + "_context", List.of(weights, v));
        context = g.reshape(g.transpose(context, name + "_context_t", 0, 2, 1, 3), name + "_context_flat",
                0, -1, (long) heads * valueDim);
        NdArray wo = l.weight("attention_output/kernel");
        long outFeatures = wo.data().length / ((long) heads * valueDim);
        String y = g.op("MatMul", name + "_out", List.of(context, g.weight(name + "_out_kernel", wo,
                (long) heads * valueDim, outFeatures)));
        if (m.useBias()) {
            y = g.op("Add", name + "_out_bias", List.of(y, g.weight(name + "_out_bias",
                    l.weight("attention_output/bias"), outFeatures)));
        }
        if (qs.rank() == 2 && m.outputDims(qs).length == 1) {
            return y;
        }
        return CoreTranslators.reshapeTo(l, y, t);
    }

    /**
     * One projection split into heads: {@code x} as {@code [batch, positions, features]}, times the kernel as
     * {@code [features, heads * dim]}, plus the bias, as {@code [batch, positions, heads, dim]}, transposed by
     * {@code perm}.
     */
    private static String heads(OnnxGraph g, CheckedLayer l, String part, String x, int features, int heads, int dim,
                                int[] perm, boolean bias) {
        String hint = l.name() + "_" + part;
        String flat = g.reshape(x, hint + "_in", 0, -1, features);
        String y = g.op("MatMul", hint + "_proj", List.of(flat, g.weight(hint + "_kernel", l.weight(part + "/kernel"),
                features, (long) heads * dim)));
        if (bias) {
            y = g.op("Add", hint + "_bias", List.of(y, g.weight(hint + "_bias", l.weight(part + "/bias"),
                    (long) heads * dim)));
        }
        return g.transpose(g.reshape(y, hint + "_heads", 0, -1, heads, dim), hint + "_t", perm);
    }

    /** {@code [T, S]} booleans, true where key position {@code s <= t} (Keras's causal mask), from the inputs' lengths. */
    private static String causalMask(OnnxGraph g, String query, String key, String hint) {
        String rows = g.unsqueeze(positions(g, query, hint + "_rows"), hint + "_rows_col", 1);
        String cols = positions(g, key, hint + "_cols");
        return g.op("GreaterOrEqual", hint + "_causal_mask", List.of(rows, cols));
    }

    /** {@code 0, 1, ..., n - 1} for the length {@code n} of axis 1. */
    private static String positions(OnnxGraph g, String x, String hint) {
        String n = g.op("Gather", hint + "_n", List.of(g.op("Shape", hint + "_shape", List.of(x)),
                g.intScalar(hint + "_axis", 1)), attr("axis", 0L));
        return g.op("Range", hint, List.of(g.intScalar(hint + "_start", 0), n, g.intScalar(hint + "_delta", 1)));
    }
}
