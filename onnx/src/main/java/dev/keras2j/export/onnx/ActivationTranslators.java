package dev.keras2j.export.onnx;

import dev.keras2j.model.layer.ActivationLayerSpec;
import dev.keras2j.model.layer.PReLUSpec;
import dev.keras2j.model.layer.SoftmaxSpec;

import java.util.List;

import static dev.keras2j.export.onnx.OnnxGraph.attr;

/** The activation layers: Activation, LeakyReLU, ELU, ReLU, ThresholdedReLU, Softmax and PReLU. */
final class ActivationTranslators {
    private ActivationTranslators() {
    }

    static void register(TranslatorRegistry r) {
        r.register(ActivationLayerSpec.class, (s, l, in, t) -> ActivationOps.apply(s.activation(), in.get(0),
                l.inputShape().rank() + 1, l.name(), t, s));
        r.register(SoftmaxSpec.class, (s, l, in, t) -> {
            int[] axes = s.resolvedAxes(l.inputShape());
            OnnxGraph g = t.graph();
            if (axes.length == 1) {
                return g.op("Softmax", l.name(), List.of(in.get(0)), attr("axis", (long) axes[0]));
            }
            // Over several axes: exp(x - max) / sum(exp(x - max)), the maximum and sum over all of them.
            long[] a = java.util.Arrays.stream(axes).asLongStream().toArray();
            String max = g.reduce("ReduceMax", in.get(0), l.name() + "_max", true, a);
            String e = g.op("Exp", l.name() + "_exp", List.of(g.op("Sub", l.name() + "_shift", List.of(in.get(0), max))));
            return g.op("Div", l.name(), List.of(e, g.reduce("ReduceSum", e, l.name() + "_sum", true, a)));
        });
        // Keras: relu(x) - alpha * relu(-x), i.e. alpha * x below zero: ONNX's PRelu, alpha broadcast as Keras does.
        r.register(PReLUSpec.class, (s, l, in, t) -> t.graph().op("PRelu", l.name(), List.of(in.get(0),
                t.graph().weight(l.name() + "_alpha", l.weight("alpha")))));
    }
}
