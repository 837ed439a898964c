package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedCall;
import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.model.layer.MultiHeadAttentionSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

import java.util.ArrayList;
import java.util.List;

/**
 * MultiHeadAttention as Keras computes it at inference: per-head projections, the query scaled by
 * {@code 1/sqrt(key_dim)} (a float32 constant, as Keras casts it), {@code softmax} over the key positions of
 * {@code key . query}, the weighted sum of the values, then the output projection. The positions between
 * batch and features are flattened, which is what the default {@code attention_axes} amounts to.
 *
 * <p>Masking follows Keras's {@code _compute_attention_mask}: a query position {@code t} may attend to key
 * position {@code s} when the query, value and key masks (whichever are set) allow both, and, with
 * {@code use_causal_mask}, when {@code s <= t}. Masked scores drop out of the softmax. A row with no allowed
 * position averages all values when {@code dropout} is 0 (Keras then uses {@code ops.dot_product_attention},
 * which fills masked logits with one large negative) and gives zeros otherwise (Keras's Softmax layer zeroes
 * it). The output carries the query's mask.
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
    private final boolean uniformWhenFullyMasked;

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
        this.causal = new boolean[layer.callCount()];
        for (CheckedCall c : layer.calls()) {
            var kwargs = c.call().kwargs();
            if (Boolean.TRUE.equals(kwargs.get("return_attention_scores"))) {
                throw new UnsupportedModelException(spec.describe()
                        + ": call option 'return_attention_scores' is not supported by keras2j");
            }
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
        int batch = qs[0];
        int t = positions(qs);
        int s = positions(value.values().shape());
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
        float[] combined = new float[batch * t * heads * valueDim];
        double[] scores = new double[s];
        boolean[] allowed = new boolean[s];
        for (int b = 0; b < batch; b++) {
            for (int n = 0; n < heads; n++) {
                for (int i = 0; i < t; i++) {
                    double max = Double.NEGATIVE_INFINITY;
                    boolean any = false;
                    int qo = ((b * t + i) * heads + n) * keyDim;
                    for (int j = 0; j < s; j++) {
                        allowed[j] = (qm == null || qm[b * t + i]) && (vm == null || vm[b * s + j])
                                && (km == null || km[b * s + j]) && (!causal[call] || j <= i);
                        if (!allowed[j]) {
                            continue;
                        }
                        int ko = ((b * s + j) * heads + n) * keyDim;
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
                        // dot_product_attention fills masked logits with one large negative: a uniform row
                        java.util.Arrays.fill(allowed, 0, s, true);
                        java.util.Arrays.fill(scores, 0, s, 0.0);
                        max = 0;
                    }
                    double total = 0;
                    for (int j = 0; j < s; j++) {
                        if (allowed[j]) {
                            scores[j] = Math.exp(scores[j] - max);
                            total += scores[j];
                        }
                    }
                    int oo = ((b * t + i) * heads + n) * valueDim;
                    for (int h = 0; h < valueDim; h++) {
                        double sum = 0;
                        for (int j = 0; j < s; j++) {
                            if (allowed[j]) {
                                sum += (float) (scores[j] / total) * (double) v[((b * s + j) * heads + n) * valueDim + h];
                            }
                        }
                        combined[oo + h] = (float) sum;
                    }
                }
            }
        }
        float[] out = project(combined, batch * t, heads * valueDim, wo, bo, outFeatures);
        int[] shape = new int[qs.length - 1 + outDims.length];
        System.arraycopy(qs, 0, shape, 0, qs.length - 1);
        System.arraycopy(outDims, 0, shape, qs.length - 1, outDims.length);
        return List.of(new MaskedArray(NdArray.of(out, shape), qm == null ? null : qm.clone()));
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
