package dev.keras2j.export.onnx;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.Shape;
import dev.keras2j.model.layer.BatchNormalizationSpec;
import dev.keras2j.model.layer.LayerNormalizationSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.keras2j.export.onnx.OnnxGraph.attr;

/**
 * BatchNormalization (ONNX's BatchNormalization with the moving statistics, the normalized axis moved to
 * position 1) and LayerNormalization (ONNX's LayerNormalization, opset 17, over a trailing run of axes;
 * other axis sets and Keras 3's rms_scaling as the formula in elementary operators).
 */
final class NormalizationTranslators {
    private NormalizationTranslators() {
    }

    static void register(TranslatorRegistry r) {
        r.register(BatchNormalizationSpec.class, NormalizationTranslators::batchNorm);
        r.register(LayerNormalizationSpec.class, NormalizationTranslators::layerNorm);
    }

    private static String batchNorm(BatchNormalizationSpec b, CheckedLayer l, List<String> in, Translation t) {
        OnnxGraph g = t.graph();
        Shape s = l.inputShape();
        int axis = b.resolvedAxis(s);
        int n = s.dim(axis - 1);
        int full = s.rank() + 1;
        int[] perm = new int[full];
        perm[1] = axis;
        for (int i = 1, j = 2; i < full; i++) {
            if (i != axis) {
                perm[j++] = i;
            }
        }
        boolean moved = axis != 1;
        String x = moved ? g.transpose(in.get(0), l.name() + "_to_c", perm) : in.get(0);
        float[] ones = new float[n];
        Arrays.fill(ones, 1f);
        String gamma = b.scale() ? g.weight(l.name() + "_gamma", l.weight("gamma")) : g.floats(l.name() + "_gamma", ones, n);
        String beta = b.center() ? g.weight(l.name() + "_beta", l.weight("beta"))
                : g.floats(l.name() + "_beta", new float[n], n);
        String y = g.op("BatchNormalization", l.name() + "_bn", List.of(x, gamma, beta,
                g.weight(l.name() + "_mean", l.weight("moving_mean")), g.weight(l.name() + "_var", l.weight("moving_variance"))),
                attr("epsilon", (float) b.epsilon()));
        if (!moved) {
            return y;
        }
        int[] inverse = new int[full];
        for (int i = 0; i < full; i++) {
            inverse[perm[i]] = i;
        }
        return g.transpose(y, l.name(), inverse);
    }

    private static String layerNorm(LayerNormalizationSpec n, CheckedLayer l, List<String> in, Translation t) {
        OnnxGraph g = t.graph();
        Shape s = l.inputShape();
        int full = s.rank() + 1;
        int[] axes = n.resolvedAxes(s);
        boolean suffix = axes[axes.length - 1] == full - 1 && axes[axes.length - 1] - axes[0] == axes.length - 1;
        // gamma and beta, row-major over the normalized axes, shaped to broadcast onto the full tensor.
        long[] bdims = new long[full];
        Arrays.fill(bdims, 1);
        for (int a : axes) {
            bdims[a] = s.dim(a - 1);
        }
        String x = in.get(0);
        if (suffix && !n.rmsScaling() && t.opset() >= 17) {
            long[] normDims = Arrays.copyOfRange(bdims, axes[0], full);
            int count = Math.toIntExact(Arrays.stream(normDims).reduce(1, (p, q) -> p * q));
            float[] ones = new float[count];
            Arrays.fill(ones, 1f);
            String scale = g.floats(l.name() + "_gamma", n.scale() ? l.weight("gamma").data() : ones, normDims);
            List<String> inputs = new ArrayList<>(List.of(x, scale));
            if (n.center()) {
                inputs.add(g.floats(l.name() + "_beta_n", l.weight("beta").data(), normDims));
            }
            return g.op("LayerNormalization", l.name(), inputs, attr("axis", (long) axes[0]),
                    attr("epsilon", (float) n.epsilon()));
        }
        String gamma = n.scale() ? g.floats(l.name() + "_gamma", l.weight("gamma").data(), bdims) : null;
        String beta = n.center() ? g.floats(l.name() + "_beta", l.weight("beta").data(), bdims) : null;
        long[] a = Arrays.stream(axes).asLongStream().toArray();
        String mean = g.reduce("ReduceMean", x, l.name() + "_mean", true, a);
        String centered = g.op("Sub", l.name() + "_centered", List.of(x, mean));
        String variance = g.reduce("ReduceMean", g.op("Mul", l.name() + "_sq", List.of(centered, centered)),
                l.name() + "_var", true, a);
        String std = g.op("Sqrt", l.name() + "_std", List.of(g.withScalar("Add", variance, n.epsilon(), l.name() + "_eps")));
        // rms_scaling divides x itself (Keras 3: inputs * rsqrt(variance + epsilon) * gamma).
        String y = g.op("Div", l.name() + "_norm", List.of(n.rmsScaling() ? x : centered, std));
        if (gamma != null) {
            y = g.op("Mul", l.name() + "_scaled", List.of(y, gamma));
        }
        if (beta != null) {
            y = g.op("Add", l.name() + "_shifted", List.of(y, beta));
        }
        return y;
    }

}
