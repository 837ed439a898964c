package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedCall;
import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.model.layer.MultiHeadAttentionSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

import java.util.ArrayList;
import java.util.List;

/**
 * MultiHeadAttention as Keras computes it at inference: per-head projections, the query scaled by
 * {@code 1/sqrt(key_dim)} (a float32 constant, as Keras casts it), {@code softmax} over the key positions of
 * {@code key . query}, the weighted sum of the values, then the output projection. The softmax runs jointly
 * over the {@code attention_axes} (by default every position axis, flattened); the other position axes are
 * batch axes, as in Keras's einsum equations. With {@code return_attention_scores} the softmax weights are a
 * second output, laid out as Keras's {@code _dot_product_equation} lays them out.
 *
 * <p>Masking follows Keras's {@code _compute_attention_mask}: a query position {@code t} may attend to key
 * position {@code s} when the query, value and key masks (whichever are set) allow both, and, with
 * {@code use_causal_mask}, when {@code s <= t}. Masked scores drop out of the softmax. A row with no allowed
 * position averages all values when {@code dropout} is 0 and the call returns no scores (Keras then uses
 * {@code ops.dot_product_attention}, which fills masked logits with one large negative) and gives zeros
 * otherwise (Keras's Softmax layer zeroes it). The output carries the query's mask.
 */
final class MultiHeadAttentionLayer implements RuntimeLayer {
    private final MultiHeadAttentionSpec spec;
    private final int heads;
    private final int keyDim;
    private final int valueDim;
    private final int outFeatures;
    private final int[] outDims;
    private final float[] wq;
    private final float[] wk;
    private final float[] wv;
    private final float[] wo;
    private final float[] bq;
    private final float[] bk;
    private final float[] bv;
    private final float[] bo;
    private final boolean[] causal;
    private final boolean[] returnScores;
    private final boolean uniformWhenFullyMasked;
    private final int[] axes;

    MultiHeadAttentionLayer(CheckedLayer layer) {
        this.spec = (MultiHeadAttentionSpec) layer.spec();
        this.heads = spec.numHeads();
        this.keyDim = spec.keyDim();
        this.valueDim = spec.valueDim();
        this.outDims = spec.outputDims(layer.inputShapes().get(0));
        int f = 1;
        for (int d : outDims) {
            f *= d;
        }
        this.outFeatures = f;
        this.wq = layer.weight("query/kernel").data();
        this.wk = layer.weight("key/kernel").data();
        this.wv = layer.weight("value/kernel").data();
        this.wo = layer.weight("attention_output/kernel").data();
        boolean bias = spec.useBias();
        this.bq = bias ? layer.weight("query/bias").data() : null;
        this.bk = bias ? layer.weight("key/bias").data() : null;
        this.bv = bias ? layer.weight("value/bias").data() : null;
        this.bo = bias ? layer.weight("attention_output/bias").data() : null;
        // With dropout 0 Keras calls ops.dot_product_attention, else its own masked Softmax: they differ
        // only on a query position with nothing to attend to.
        this.uniformWhenFullyMasked = spec.dropout() == 0.0;
        this.axes = spec.attentionAxes(layer.inputShapes().get(0).rank());
        this.causal = new boolean[layer.callCount()];
        this.returnScores = new boolean[layer.callCount()];
        for (CheckedCall c : layer.calls()) {
            var kwargs = c.call().kwargs();
            returnScores[c.index()] = MultiHeadAttentionSpec.returnsScores(kwargs);
            causal[c.index()] = Boolean.TRUE.equals(kwargs.get("use_causal_mask"));
            if (causal[c.index()] && c.inputShapes().get(0).rank() > 2) {
                throw new UnsupportedModelException(spec.describe() + ": use_causal_mask on inputs with more than one "
                        + "position axis is not supported by keras2j");
            }
        }
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        throw new IllegalStateException(spec.describe() + " needs query and value");
    }

    @Override
    public MaskedArray forward(List<MaskedArray> inputs) {
        return call(inputs, 0).get(0);
    }

    @Override
    public List<MaskedArray> call(List<MaskedArray> inputs, int call) {
        MaskedArray query = inputs.get(0);
        MaskedArray value = inputs.get(1);
        MaskedArray key = inputs.size() > 2 ? inputs.get(2) : value;
        int[] qs = query.values().shape();
        int[] ks = key.values().shape();
        int batch = qs[0];
        int t = positions(qs);
        int s = positions(ks);
        for (MaskedArray m : inputs) {
            if (m.mask() != null && m.values().rank() > 3) {
                throw new UnsupportedModelException(spec.describe() + ": a mask on inputs with more than one position "
                        + "axis is not supported by keras2j");
            }
        }
        float[] q = project(query.values(), wq, bq, batch * t, keyDim);
        float scale = (float) (1.0 / Math.sqrt(keyDim));
        for (int i = 0; i < q.length; i++) {
            q[i] = q[i] * scale;
        }
        float[] k = project(key.values(), wk, bk, batch * s, keyDim);
        float[] v = project(value.values(), wv, bv, batch * s, valueDim);
        boolean[] qm = query.mask();
        boolean[] vm = value.mask();
        boolean[] km = inputs.size() > 2 ? key.mask() : null;
        // The position axes split into groups (the non-attention axes, batch-like) and, within a group, the
        // attended positions, in the order of attention_axes (the scores' layout).
        int[][] qPos = groupedPositions(qs);
        int[][] kPos = groupedPositions(ks);
        int groups = qPos.length;
        int tq = qPos[0].length;
        int tk = kPos[0].length;
        // Keras's dot_product_attention (dropout 0, no scores, one position axis) fills masked logits with one
        // large negative, so a fully masked row averages all values; its explicit path (Softmax layer) zeroes it.
        boolean uniformWhenFullyMasked = this.uniformWhenFullyMasked && !returnScores[call] && qs.length == 3;
        float[] combined = new float[batch * t * heads * valueDim];
        float[] weights = returnScores[call] ? new float[batch * groups * heads * tq * tk] : null;
        double[] scores = new double[tk];
        double[] acc = new double[valueDim];
        boolean[] allowed = new boolean[tk];
        for (int b = 0; b < batch; b++) {
            for (int g = 0; g < groups; g++) {
                for (int n = 0; n < heads; n++) {
                    for (int i = 0; i < tq; i++) {
                        double max = Double.NEGATIVE_INFINITY;
                        boolean any = false;
                        int qi = b * t + qPos[g][i];
                        int qo = (qi * heads + n) * keyDim;
                        for (int j = 0; j < tk; j++) {
                            int kj = b * s + kPos[g][j];
                            allowed[j] = (qm == null || qm[qi]) && (vm == null || vm[kj])
                                    && (km == null || km[kj]) && (!causal[call] || j <= i);
                            if (!allowed[j]) {
                                continue;
                            }
                            int ko = (kj * heads + n) * keyDim;
                            double sum = 0;
                            for (int h = 0; h < keyDim; h++) {
                                sum += (double) k[ko + h] * q[qo + h];
                            }
                            scores[j] = (float) sum;
                            max = Math.max(max, scores[j]);
                            any = true;
                        }
                        if (!any) {
                            if (!uniformWhenFullyMasked) {
                                continue; // Keras's Softmax layer zeroes a fully masked row
                            }
                            java.util.Arrays.fill(allowed, 0, tk, true);
                            java.util.Arrays.fill(scores, 0, tk, 0.0);
                            max = 0;
                        }
                        double total = 0;
                        for (int j = 0; j < tk; j++) {
                            if (allowed[j]) {
                                scores[j] = Math.exp(scores[j] - max);
                                total += scores[j];
                            }
                        }
                        int so = (((b * groups + g) * heads + n) * tq + i) * tk;
                        int oo = (qi * heads + n) * valueDim;
                        for (int j = 0; j < tk; j++) {
                            if (!allowed[j]) {
                                continue;
                            }
                            float w = (float) (scores[j] / total);
                            if (weights != null) {
                                weights[so + j] = w;
                            }
                            int vo = ((b * s + kPos[g][j]) * heads + n) * valueDim;
                            for (int h = 0; h < valueDim; h++) {
                                acc[h] += (double) w * v[vo + h];
                            }
                        }
                        for (int h = 0; h < valueDim; h++) {
                            combined[oo + h] = (float) acc[h];
                            acc[h] = 0;
                        }
                    }
                }
            }
        }
        float[] out = project(combined, batch * t, heads * valueDim, wo, bo, outFeatures);
        int[] shape = new int[qs.length - 1 + outDims.length];
        System.arraycopy(qs, 0, shape, 0, qs.length - 1);
        System.arraycopy(outDims, 0, shape, qs.length - 1, outDims.length);
        MaskedArray result = new MaskedArray(NdArray.of(out, shape), qm == null ? null : qm.clone());
        if (weights == null) {
            return List.of(result);
        }
        Shape scoresShape = spec.scoresShape(Shape.ofExample(query.values()), Shape.ofExample(key.values()));
        return List.of(result, MaskedArray.of(NdArray.of(weights, scoresShape.withBatch(batch))));
    }

    /**
     * For each group (a combination of the non-attention position axes, row-major), the flattened position
     * index of each attended position (row-major over the attention axes in the order given).
     */
    private int[][] groupedPositions(int[] shape) {
        int rank = shape.length;
        int[] stride = new int[rank];
        stride[rank - 2] = 1;
        for (int a = rank - 3; a >= 1; a--) {
            stride[a] = stride[a + 1] * shape[a + 1];
        }
        List<Integer> free = new ArrayList<>();
        for (int a = 1; a < rank - 1; a++) {
            final int axis = a;
            if (java.util.Arrays.stream(axes).noneMatch(x -> x == axis)) {
                free.add(a);
            }
        }
        int[] groupOffsets = offsets(shape, stride, free.stream().mapToInt(Integer::intValue).toArray());
        int[] attendedOffsets = offsets(shape, stride, axes);
        int[][] out = new int[groupOffsets.length][attendedOffsets.length];
        for (int g = 0; g < groupOffsets.length; g++) {
            for (int i = 0; i < attendedOffsets.length; i++) {
                out[g][i] = groupOffsets[g] + attendedOffsets[i];
            }
        }
        return out;
    }

    /** The flat offsets of every index over {@code axes}, row-major in the order given. */
    private static int[] offsets(int[] shape, int[] stride, int[] axes) {
        int count = 1;
        for (int a : axes) {
            count *= shape[a];
        }
        int[] out = new int[count];
        for (int idx = 0; idx < count; idx++) {
            int rest = idx;
            int off = 0;
            for (int i = axes.length - 1; i >= 0; i--) {
                int size = shape[axes[i]];
                off += (rest % size) * stride[axes[i]];
                rest /= size;
            }
            out[idx] = off;
        }
        return out;
    }

    /** The positions between batch and features, flattened. */
    private static int positions(int[] shape) {
        int p = 1;
        for (int i = 1; i < shape.length - 1; i++) {
            p *= shape[i];
        }
        return p;
    }

    private float[] project(NdArray x, float[] kernel, float[] bias, int rows, int dim) {
        int features = x.dim(x.rank() - 1);
        return project(x.data(), rows, features, kernel, bias, heads * dim);
    }

    /** {@code rows x in} times {@code in x out}, plus the bias, each output rounded to float once. */
    private static float[] project(float[] x, int rows, int in, float[] kernel, float[] bias, int out) {
        float[] y = new float[rows * out];
        double[] acc = new double[out];
        for (int r = 0; r < rows; r++) {
            java.util.Arrays.fill(acc, 0);
            for (int c = 0; c < in; c++) {
                double xv = x[r * in + c];
                int ko = c * out;
                for (int o = 0; o < out; o++) {
                    acc[o] += xv * kernel[ko + o];
                }
            }
            for (int o = 0; o < out; o++) {
                y[r * out + o] = (float) (bias == null ? acc[o] : (float) acc[o] + bias[o]);
            }
        }
        return y;
    }
}
