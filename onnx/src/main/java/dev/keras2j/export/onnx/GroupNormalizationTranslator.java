package dev.keras2j.export.onnx;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.Shape;
import dev.keras2j.model.layer.GroupNormalizationSpec;

import java.util.List;

/**
 * GroupNormalization as Keras computes it, in elementary operators (opset 13 on): the input reshaped to
 * {@code [batch, before..., groups, channels/groups, rest]} (the axes after the channel axis folded into
 * one), mean and biased variance over every axis but batch and groups, then {@code (x - mean) *
 * (gamma / sqrt(variance + epsilon)) + beta} with gamma and beta laid out per group, and the original shape
 * restored. ONNX's own GroupNormalization is not used: opset 18's takes one scale per group, not Keras's one
 * per channel (fixed only in opset 21), and it wants the channels at axis 1.
 */
final class GroupNormalizationTranslator {
    private GroupNormalizationTranslator() {
    }

    static void register(TranslatorRegistry r) {
        r.register(GroupNormalizationSpec.class, GroupNormalizationTranslator::translate);
    }

    private static String translate(GroupNormalizationSpec n, CheckedLayer l, List<String> in, Translation t) {
        OnnxGraph g = t.graph();
        Shape s = l.inputShape();
        int axis = n.resolvedAxis(s);
        int groups = n.groups(s);
        int channels = s.dim(axis - 1);
        int perGroup = channels / groups;
        String x = in.get(0);
        String name = l.name();
        // [0 (copied), before..., groups, perGroup, -1 (the rest, 1 when the channels are last)]
        long[] grouped = new long[axis + 3];
        grouped[axis] = groups;
        grouped[axis + 1] = perGroup;
        grouped[axis + 2] = -1;
        String xg = g.reshape(x, name + "_grouped", grouped);
        long[] axes = new long[axis + 1];
        for (int i = 1, j = 0; i < axis + 3; i++) {
            if (i != axis) {
                axes[j++] = i;
            }
        }
        String mean = g.reduce("ReduceMean", xg, name + "_mean", true, axes);
        String centered = g.op("Sub", name + "_centered", List.of(xg, mean));
        String variance = g.reduce("ReduceMean", g.op("Mul", name + "_sq", List.of(centered, centered)),
                name + "_var", true, axes);
        String inv = g.op("Reciprocal", name + "_inv", List.of(g.op("Sqrt", name + "_std",
                List.of(g.withScalar("Add", variance, (float) n.epsilon(), name + "_eps")))));
        String y;
        if (n.scale()) {
            String gamma = g.floats(name + "_gamma", l.weight("gamma").data(), groups, perGroup, 1);
            y = g.op("Mul", name + "_norm", List.of(centered, g.op("Mul", name + "_inv_gamma", List.of(inv, gamma))));
        } else {
            y = g.op("Mul", name + "_norm", List.of(centered, inv));
        }
        if (n.center()) {
            y = g.op("Add", name + "_shifted", List.of(y, g.floats(name + "_beta", l.weight("beta").data(), groups,
                    perGroup, 1)));
        }
        return g.op("Reshape", name, List.of(y, g.op("Shape", name + "_shape", List.of(x))));
    }
}
