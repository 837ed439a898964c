package dev.keras2j.export.onnx;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.layer.MultiHeadAttentionSpec;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.keras2j.export.onnx.OnnxGraph.attr;

/**
 * MultiHeadAttention at inference, as Keras computes it for any {@code attention_axes}: the query, key and value
 * projected by MatMul with the kernels seen as {@code [features, heads * dim]} (plus their biases), split into
 * heads and transposed to {@code [batch, other positions..., heads, attended positions (flattened), dim]} (the
 * positions not attended over act as batch axes, as in Keras's einsum equations; the default attends over all),
 * the query scaled by the float32 {@code 1/sqrt(key_dim)}, scores {@code query . key} by MatMul,
 * {@code use_causal_mask} as a Where that gives the scores of later key positions Keras's large negative logit,
 * Softmax over the attended key positions (jointly, as Keras normalizes them), the weighted sum of the values by
 * MatMul, the positions unflattened and put back, and the output projection, reshaped to {@code output_shape}.
 * {@code return_attention_scores} adds the Softmax in Keras's layout as a second output. Dropout is the
 * identity. Masks never reach this layer in an ONNX export (they are refused where they start).
 */
final class MultiHeadAttentionTranslator {
    /** What Keras's dot_product_attention puts in place of a masked logit: 0.7 times float32's lowest. */
    private static final float MASKED_LOGIT = -0.7f * Float.MAX_VALUE;

    private MultiHeadAttentionTranslator() {
    }

    static void register(TranslatorRegistry r) {
        r.registerMulti(MultiHeadAttentionSpec.class, MultiHeadAttentionTranslator::translate);
    }

    private static List<String> translate(MultiHeadAttentionSpec m, CheckedLayer l, List<String> in, Translation t) {
        Map<String, Object> kwargs = l.calls().get(0).call().kwargs();
        boolean withScores = Boolean.TRUE.equals(kwargs.get("return_attention_scores"));
        boolean causal = Boolean.TRUE.equals(kwargs.get("use_causal_mask"));
        List<Shape> shapes = l.inputShapes();
        Shape qs = shapes.get(0);
        if (causal && qs.rank() > 2) {
            throw Translation.refuse(m, "use_causal_mask on inputs with more than one position axis is not supported"
                    + " by keras2j");
        }
        OnnxGraph g = t.graph();
        String name = l.name();
        int heads = m.numHeads();
        int keyDim = m.keyDim();
        int valueDim = m.valueDim();
        int p = qs.rank() - 1;
        int[] axes = m.attentionAxes(qs.rank());
        int[] batchLike = IntStream.rangeClosed(1, p).filter(a -> Arrays.stream(axes).noneMatch(x -> x == a)).toArray();
        // [batch, positions..., heads, dim] -> [batch, other positions..., heads, attended positions..., dim]
        int[] perm = new int[p + 3];
        int at = 0;
        perm[at++] = 0;
        for (int a : batchLike) {
            perm[at++] = a;
        }
        perm[at++] = p + 1;
        for (int a : axes) {
            perm[at++] = a;
        }
        perm[at] = p + 2;
        int lead = batchLike.length + 2; // batch, other positions, heads
        String queryIn = in.get(0);
        String valueIn = in.get(1);
        String keyIn = in.size() > 2 ? in.get(2) : valueIn;
        String q = heads(g, l, "query", queryIn, p, heads, keyDim, perm, lead, false, m.useBias());
        q = g.withScalar("Mul", q, (float) (1.0 / Math.sqrt(keyDim)), name + "_q_scaled");
        String k = heads(g, l, "key", keyIn, p, heads, keyDim, perm, lead, true, m.useBias());
        String v = heads(g, l, "value", valueIn, p, heads, valueDim, perm, lead, false, m.useBias());
        String scores = g.op("MatMul", name + "_scores", List.of(q, k));
        if (causal) {
            scores = g.op("Where", name + "_causal", List.of(causalMask(g, queryIn, keyIn, name), scores,
                    g.scalar(name + "_masked", MASKED_LOGIT)));
        }
        String weights = g.op("Softmax", name + "_softmax", List.of(scores), attr("axis", -1L));
        String context = g.op("MatMul", name + "_context", List.of(weights, v));
        // Back to [batch, positions..., heads * value_dim]: the attended positions unflattened, the axes put back.
        String leading = leadingDims(g, context, lead, name + "_context");
        String queryAxes = axisDims(g, queryIn, axes, name + "_query_axes");
        context = g.op("Reshape", name + "_context_unflat", List.of(context, g.op("Concat", name + "_context_dims",
                List.of(leading, queryAxes, g.ints(name + "_value_dim", valueDim)), attr("axis", 0L))));
        int[] inverse = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inverse[perm[i]] = i;
        }
        long[] flat = new long[p + 2];
        flat[p + 1] = (long) heads * valueDim;
        context = g.reshape(g.transpose(context, name + "_context_t", inverse), name + "_context_flat", flat);
        NdArray wo = l.weight("attention_output/kernel");
        long outFeatures = wo.data().length / ((long) heads * valueDim);
        String y = g.op("MatMul", name + "_out", List.of(context, g.weight(name + "_out_kernel", wo,
                (long) heads * valueDim, outFeatures)));
        if (m.useBias()) {
            y = g.op("Add", name + "_out_bias", List.of(y, g.weight(name + "_out_bias",
                    l.weight("attention_output/bias"), outFeatures)));
        }
        if (m.outputDims(qs).length > 1) {
            y = CoreTranslators.reshapeTo(l, y, t);
        }
        if (!withScores) {
            return List.of(y);
        }
        // Keras's scores: [batch, other positions..., heads, query's attended positions..., key's attended positions...].
        String scoreDims = g.op("Concat", name + "_scores_dims", List.of(leadingDims(g, weights, lead, name + "_w"),
                queryAxes, axisDims(g, keyIn, axes, name + "_key_axes")), attr("axis", 0L));
        return List.of(y, g.op("Reshape", name + "_attention_scores", List.of(weights, scoreDims)));
    }

    /**
     * One projection split into heads: {@code x} ({@code [batch, positions..., features]}) times the kernel as
     * {@code [features, heads * dim]}, plus the bias, as {@code [batch, positions..., heads, dim]}, transposed by
     * {@code perm} and its attended positions flattened into one: {@code [..., heads, positions, dim]}, or
     * {@code [..., heads, dim, positions]} for the key ({@code keyLayout}), ready to multiply.
     */
    private static String heads(OnnxGraph g, CheckedLayer l, String part, String x, int positions, int heads, int dim,
                                int[] perm, int lead, boolean keyLayout, boolean bias) {
        String hint = l.name() + "_" + part;
        NdArray kernel = l.weight(part + "/kernel");
        int features = kernel.shape()[0];
        String y = g.op("MatMul", hint + "_proj", List.of(x, g.weight(hint + "_kernel", kernel, features,
                (long) heads * dim)));
        if (bias) {
            y = g.op("Add", hint + "_bias", List.of(y, g.weight(hint + "_bias", l.weight(part + "/bias"),
                    (long) heads * dim)));
        }
        long[] split = new long[positions + 3];
        split[positions + 1] = heads;
        split[positions + 2] = dim;
        y = g.transpose(g.reshape(y, hint + "_heads", split), hint + "_t", perm);
        long[] flat = new long[lead + 2];
        flat[lead] = keyLayout ? dim : -1;
        flat[lead + 1] = keyLayout ? -1 : dim;
        if (keyLayout) {
            int[] swap = IntStream.range(0, perm.length).toArray();
            swap[lead] = perm.length - 1;
            for (int i = lead + 1; i < perm.length; i++) {
                swap[i] = i - 1;
            }
            y = g.transpose(y, hint + "_dim_first", swap);
        }
        return g.reshape(y, hint + "_flat", flat);
    }

    /** The first {@code n} dimensions of {@code x}, as a 1-D int64 tensor. */
    private static String leadingDims(OnnxGraph g, String x, int n, String hint) {
        return g.op("Slice", hint + "_lead", List.of(g.op("Shape", hint + "_shape", List.of(x)),
                g.ints(hint + "_from", 0), g.ints(hint + "_to", n)));
    }

    /** The lengths of {@code axes} of {@code x}, in that order, as a 1-D int64 tensor. */
    private static String axisDims(OnnxGraph g, String x, int[] axes, String hint) {
        return g.op("Gather", hint, List.of(g.op("Shape", hint + "_shape", List.of(x)),
                g.ints(hint + "_idx", OnnxGraph.toLongs(axes))), attr("axis", 0L));
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
