package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedCall;
import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.model.layer.AttentionSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

import java.util.ArrayList;
import java.util.List;

/**
 * Attention and AdditiveAttention as Keras computes them ({@code Attention._calculate_scores},
 * {@code _apply_scores}, {@code call}), in float32 at every step Keras rounds:
 * <ol>
 *   <li>the score of query step {@code i} against key step {@code j} ({@link AttentionSpec.Score});</li>
 *   <li>where the value mask (or the causal mask, {@code j > i}) forbids {@code j}, the score becomes
 *       {@code score - 1e9} in float32: Keras subtracts rather than replaces, so a row with every step
 *       forbidden still gets the softmax of its (rounded) shifted scores;</li>
 *   <li>the softmax over the key steps, and the weighted sum of the values;</li>
 *   <li>the output is zero where the query mask is false, and carries the query mask. The scores (the
 *       second output with {@code return_attention_scores}) are the softmax weights, unmasked.</li>
 * </ol>
 * Keras reads the query mask and the value mask; the key's mask is ignored, as in Keras. Axes before the
 * last two are batch axes; masks are supported on {@code (batch, steps, features)} inputs.
 */
final class AttentionLayer implements RuntimeLayer {
    /** Keras's {@code max_value} for float32 scores. */
    private static final double MASK_SHIFT = 1.0e9;

    private final AttentionSpec spec;
    private final AttentionSpec.Score score;
    private final float scalarScale;
    private final float[] featureScale;
    private final float concatWeight;
    private final boolean[] causal;
    private final boolean[] scores;

    AttentionLayer(CheckedLayer layer) {
        this.spec = (AttentionSpec) layer.spec();
        this.score = spec.score();
        boolean additive = score == AttentionSpec.Score.ADDITIVE;
        this.scalarScale = spec.useScale() && !additive ? layer.weight("scale").data()[0] : 1f;
        this.featureScale = spec.useScale() && additive ? layer.weight("scale").data() : null;
        this.concatWeight = score == AttentionSpec.Score.CONCAT ? layer.weight("concat_score_weight").data()[0] : 1f;
        this.causal = new boolean[layer.callCount()];
        this.scores = new boolean[layer.callCount()];
        for (CheckedCall c : layer.calls()) {
            causal[c.index()] = spec.causal(c.call().kwargs());
            scores[c.index()] = AttentionSpec.returnsScores(c.call().kwargs());
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
        NdArray q = query.values();
        NdArray v = value.values();
        NdArray k = inputs.size() > 2 ? inputs.get(2).values() : v;
        int[] qs = q.shape();
        int rank = qs.length;
        boolean[] qm = query.mask();
        boolean[] vm = value.mask();
        if ((qm != null || vm != null) && rank > 3) {
            throw new UnsupportedModelException(spec.describe() + ": a mask on inputs with more than one batch axis "
                    + "is not supported by keras2j");
        }
        int batch = 1;
        for (int a = 0; a < rank - 2; a++) {
            batch *= qs[a];
        }
        int tq = qs[rank - 2];
        int dim = qs[rank - 1];
        int tv = v.dim(rank - 2);
        int vdim = v.dim(rank - 1);
        float[] qd = q.data();
        float[] kd = k.data();
        float[] vd = v.data();
        float[] out = new float[batch * tq * vdim];
        float[] weights = new float[batch * tq * tv];
        float[] row = new float[tv];
        double[] e = new double[tv];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < tq; i++) {
                int qo = (b * tq + i) * dim;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < tv; j++) {
                    float s = score(qd, qo, kd, (b * tv + j) * dim, dim);
                    boolean allowed = (vm == null || vm[b * tv + j]) && (!causal[call] || j <= i);
                    if (!allowed) {
                        s = (float) (s - MASK_SHIFT);
                    }
                    row[j] = s;
                    max = Math.max(max, s);
                }
                double total = 0;
                for (int j = 0; j < tv; j++) {
                    e[j] = Math.exp((double) row[j] - max);
                    total += e[j];
                }
                int wo = (b * tq + i) * tv;
                for (int j = 0; j < tv; j++) {
                    weights[wo + j] = (float) (e[j] / total);
                }
                if (qm != null && !qm[b * tq + i]) {
                    continue; // Keras zeroes a masked query step's output
                }
                int oo = (b * tq + i) * vdim;
                for (int c = 0; c < vdim; c++) {
                    double sum = 0;
                    for (int j = 0; j < tv; j++) {
                        sum += (double) weights[wo + j] * vd[(b * tv + j) * vdim + c];
                    }
                    out[oo + c] = (float) sum;
                }
            }
        }
        int[] outShape = qs.clone();
        outShape[rank - 1] = vdim;
        List<MaskedArray> outs = new ArrayList<>(2);
        outs.add(new MaskedArray(NdArray.of(out, outShape), qm == null ? null : qm.clone()));
        if (scores[call]) {
            int[] scoreShape = qs.clone();
            scoreShape[rank - 1] = tv;
            outs.add(MaskedArray.of(NdArray.of(weights, scoreShape)));
        }
        return outs;
    }

    /** The score of one query step against one key step, rounded to float where Keras's tensors are. */
    private float score(float[] q, int qo, float[] k, int ko, int dim) {
        double sum = 0;
        switch (score) {
            case DOT -> {
                for (int d = 0; d < dim; d++) {
                    sum += (double) q[qo + d] * k[ko + d];
                }
                return (float) ((float) sum * scalarScale);
            }
            case CONCAT -> {
                for (int d = 0; d < dim; d++) {
                    float x = (float) ((float) (q[qo + d] + k[ko + d]) * scalarScale);
                    sum += (float) Math.tanh(x);
                }
                return (float) ((float) sum * concatWeight);
            }
            default -> {
                for (int d = 0; d < dim; d++) {
                    float t = (float) Math.tanh((float) (q[qo + d] + k[ko + d]));
                    sum += featureScale == null ? t : (float) (featureScale[d] * t);
                }
                return (float) sum;
            }
        }
    }
}
