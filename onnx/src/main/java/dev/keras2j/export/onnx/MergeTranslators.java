package dev.keras2j.export.onnx;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.Shape;
import dev.keras2j.model.layer.DotSpec;
import dev.keras2j.model.layer.MergeSpec;
import dev.keras2j.model.layer.ScaledSumSpec;

import java.util.ArrayList;
import java.util.List;

import static dev.keras2j.export.onnx.OnnxGraph.attr;

/**
 * The merge layers (Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate), Keras 3's
 * element-wise operation nodes with a number operand, and Dot (a batched MatMul).
 */
final class MergeTranslators {
    private MergeTranslators() {
    }

    static void register(TranslatorRegistry r) {
        r.register(MergeSpec.class, MergeTranslators::merge);
        r.register(DotSpec.class, MergeTranslators::dot);
        // InceptionResNetV2's CustomScaleLayer: inputs[0] + inputs[1] * scale.
        r.register(ScaledSumSpec.class, (s, l, in, t) -> t.graph().op("Add", l.name(), List.of(in.get(0),
                t.graph().withScalar("Mul", in.get(1), s.scale(), l.name() + "_scaled"))));
    }

    private static String binaryOp(MergeSpec.Op op, MergeSpec m) {
        return switch (op) {
            case ADD -> "Add";
            case SUBTRACT -> "Sub";
            case MULTIPLY -> "Mul";
            case DIVIDE -> "Div";
            case MAXIMUM -> "Max";
            case MINIMUM -> "Min";
            default -> throw Translation.refuse(m, m.op() + " has no element-wise ONNX operator");
        };
    }

    private static String merge(MergeSpec m, CheckedLayer l, List<String> in, Translation t) {
        OnnxGraph g = t.graph();
        if (m.operands() != null) {
            List<String> operands = new ArrayList<>();
            int next = 0;
            for (Float c : m.operands()) {
                operands.add(c == null ? in.get(next++) : g.scalar(l.name() + "_c", c));
            }
            return g.op(binaryOp(m.op(), m), l.name(), operands);
        }
        int rank = l.inputShapes().get(0).rank();
        for (Shape s : l.inputShapes()) {
            if (s.rank() != rank) {
                throw Translation.refuse(m, "inputs of different ranks " + l.inputShapes()
                        + " broadcast per example in Keras but across the batch axis in ONNX");
            }
        }
        if (m.op() == MergeSpec.Op.CONCATENATE) {
            return g.op("Concat", l.name(), in, attr("axis", (long) m.exampleAxis(rank) + 1));
        }
        MergeSpec.Op op = m.op() == MergeSpec.Op.AVERAGE ? MergeSpec.Op.ADD : m.op();
        // Left to right, as Keras folds its inputs.
        String y = in.get(0);
        for (int i = 1; i < in.size(); i++) {
            y = g.op(binaryOp(op, m), l.name() + "_" + i, List.of(y, in.get(i)));
        }
        if (m.op() == MergeSpec.Op.AVERAGE) {
            y = g.withScalar("Div", y, in.size(), l.name());
        }
        return y;
    }

    private static String dot(DotSpec d, CheckedLayer l, List<String> in, Translation t) {
        OnnxGraph g = t.graph();
        int[] axes = d.resolvedAxes(l.inputShapes());
        String[] operand = new String[2];
        long[] free = new long[2];
        for (int i = 0; i < 2; i++) {
            Shape s = l.inputShapes().get(i);
            if (!s.isFullyKnown()) {
                throw Translation.refuse(d, "input " + s.toKerasString() + " has an axis of unknown size");
            }
            String x = in.get(i);
            if (d.normalize()) {
                String sq = g.reduce("ReduceSum", g.op("Mul", l.name() + "_sq", List.of(x, x)), l.name() + "_ss", true,
                        axes[i]);
                String inv = g.op("Reciprocal", l.name() + "_inv", List.of(g.op("Sqrt", l.name() + "_norm", List.of(sq))));
                x = g.op("Mul", l.name() + "_unit", List.of(x, g.op("Min", l.name() + "_cap",
                        List.of(inv, g.scalar(l.name() + "_max", d.inverseNormCap())))));
            }
            int full = s.rank() + 1;
            int k = s.dim(axes[i] - 1);
            free[i] = s.elementCount() / k;
            // Input 0 as [batch, rest, k], input 1 as [batch, k, rest].
            int[] perm = new int[full];
            int j = 1;
            if (i == 1) {
                perm[j++] = axes[i];
            }
            for (int a = 1; a < full; a++) {
                if (a != axes[i]) {
                    perm[j++] = a;
                }
            }
            if (i == 0) {
                perm[j] = axes[i];
            }
            x = g.transpose(x, l.name() + "_t" + i, perm);
            operand[i] = g.reshape(x, l.name() + "_m" + i, i == 0 ? new long[] {0, free[0], k} : new long[] {0, k, free[1]});
        }
        String product = g.op("MatMul", l.name() + "_matmul", List.of(operand[0], operand[1]));
        return CoreTranslators.reshapeTo(l, product, t);
    }
}
