package dev.keras2j.export.onnx;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.layer.ArrayOperationSpec;
import dev.keras2j.model.layer.ElementwiseOperationSpec;
import dev.keras2j.model.layer.MatmulSpec;
import dev.keras2j.model.layer.ReductionSpec;

import java.util.ArrayList;
import java.util.List;

import static dev.keras2j.export.onnx.OnnxGraph.attr;

/** Keras 3 operation nodes: each is one ONNX operator of the same definition (or two, for argmax's cast). */
final class OperationTranslators {
    private OperationTranslators() {
    }

    static void register(TranslatorRegistry r) {
        r.register(ArrayOperationSpec.class, OperationTranslators::array);
        r.register(ReductionSpec.class, OperationTranslators::reduction);
        r.register(ElementwiseOperationSpec.class, OperationTranslators::elementwise);
        r.register(MatmulSpec.class, (s, l, in, t) -> t.graph().op("MatMul", l.name(), in));
    }

    private static String array(ArrayOperationSpec s, CheckedLayer l, List<String> in, Translation t) {
        OnnxGraph g = t.graph();
        int fullRank = l.inputShapes().get(0).rank() + 1;
        return switch (s.kind()) {
            case RESHAPE, EXPAND_DIMS, SQUEEZE -> CoreTranslators.reshapeTo(l, in.get(0), t);
            case TRANSPOSE -> g.transpose(in.get(0), l.name(), s.permutation());
            case STACK -> {
                int axis = s.stackAxis(fullRank + 1);
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < in.size(); i++) {
                    parts.add(g.unsqueeze(in.get(i), l.name() + "_part" + i, axis));
                }
                yield g.op("Concat", l.name(), parts, attr("axis", (long) axis));
            }
            case GET_ITEM -> indexed(s, l, in.get(0), t);
        };
    }

    /**
     * A Slice of every sliced axis, then a Squeeze of the indexed ones (each index a slice of length one), then a
     * Reshape when the index inserts new axes.
     */
    private static String indexed(ArrayOperationSpec s, CheckedLayer l, String x, Translation t) {
        OnnxGraph g = t.graph();
        int[] shape = l.inputShapes().get(0).dims();
        List<ArrayOperationSpec.Index> key = s.key(shape.length + 1);
        List<Long> starts = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        List<Long> axes = new ArrayList<>();
        List<Long> steps = new ArrayList<>();
        List<Long> dropped = new ArrayList<>();
        for (int a = 1; a < key.size(); a++) {
            ArrayOperationSpec.Index ix = key.get(a);
            int size = shape[a - 1];
            if (ix.equals(new ArrayOperationSpec.Index(false, 0, null, null, null))) {
                continue; // ':' takes the whole axis
            }
            long start;
            long step;
            long count;
            if (ix.drop()) {
                start = ix.index() < 0 ? ix.index() + size : ix.index();
                step = 1;
                count = 1;
                dropped.add((long) a);
            } else {
                long[] sl = ArrayOperationSpec.slice(ix, size);
                start = sl[0];
                step = sl[1];
                count = sl[2];
            }
            // An end one step past the last element taken; below zero, ONNX would count it from the end.
            long end = start + count * step;
            if (step < 0 && end < 0) {
                end = Long.MIN_VALUE;
            }
            starts.add(start);
            ends.add(end);
            axes.add((long) a);
            steps.add(step);
        }
        boolean newAxes = shape.length - dropped.size() != l.outputShape().rank();
        boolean squeeze = !dropped.isEmpty();
        String y = x;
        if (!axes.isEmpty()) {
            y = g.op("Slice", l.name() + (squeeze || newAxes ? "_slice" : ""), List.of(x,
                    g.ints(l.name() + "_starts", longs(starts)), g.ints(l.name() + "_ends", longs(ends)),
                    g.ints(l.name() + "_axes", longs(axes)), g.ints(l.name() + "_steps", longs(steps))));
        }
        if (squeeze) {
            y = g.squeeze(y, l.name() + (newAxes ? "_squeeze" : ""), longs(dropped));
        }
        if (newAxes) {
            return CoreTranslators.reshapeTo(l, y, t);
        }
        return y.equals(x) ? g.op("Identity", l.name(), List.of(x)) : y;
    }

    private static long[] longs(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static String reduction(ReductionSpec s, CheckedLayer l, List<String> in, Translation t) {
        OnnxGraph g = t.graph();
        int[] axes = s.axes(l.inputShapes().get(0).rank() + 1);
        return switch (s.kind()) {
            case MEAN -> g.reduce("ReduceMean", in.get(0), l.name(), s.keepdims(), OnnxGraph.toLongs(axes));
            case SUM -> g.reduce("ReduceSum", in.get(0), l.name(), s.keepdims(), OnnxGraph.toLongs(axes));
            case MAX -> g.reduce("ReduceMax", in.get(0), l.name(), s.keepdims(), OnnxGraph.toLongs(axes));
            case MIN -> g.reduce("ReduceMin", in.get(0), l.name(), s.keepdims(), OnnxGraph.toLongs(axes));
            case ARGMAX, ARGMIN -> {
                // ONNX's ArgMax gives int64 indices; the runtime's values are float32, as after ops.cast.
                String idx = g.op(s.kind() == ReductionSpec.Kind.ARGMAX ? "ArgMax" : "ArgMin", l.name() + "_index",
                        List.of(in.get(0)), attr("axis", (long) axes[0]), attr("keepdims", s.keepdims() ? 1L : 0L),
                        attr("select_last_index", 0L));
                g.setElemType(idx, 7);
                String out = g.op("Cast", l.name(), List.of(idx), attr("to", 1L));
                g.setElemType(out, 1);
                yield out;
            }
        };
    }

    private static String elementwise(ElementwiseOperationSpec s, CheckedLayer l, List<String> in, Translation t) {
        OnnxGraph g = t.graph();
        String x = in.get(0);
        return switch (s.kind()) {
            case ABSOLUTE -> g.op("Abs", l.name(), List.of(x));
            case SQRT -> g.op("Sqrt", l.name(), List.of(x));
            case SQUARE -> g.op("Mul", l.name(), List.of(x, x));
            case LOG -> g.op("Log", l.name(), List.of(x));
            case NEGATIVE -> g.op("Neg", l.name(), List.of(x));
            case RECIPROCAL -> g.op("Reciprocal", l.name(), List.of(x));
            case FLOOR -> g.op("Floor", l.name(), List.of(x));
            case CEIL -> g.op("Ceil", l.name(), List.of(x));
            case SIGN -> g.op("Sign", l.name(), List.of(x));
            case CAST -> g.op("Identity", l.name(), List.of(x));
            case CLIP -> g.op("Clip", l.name(), List.of(x, g.scalar(l.name() + "_min", s.min()),
                    g.scalar(l.name() + "_max", s.max())));
        };
    }
}
