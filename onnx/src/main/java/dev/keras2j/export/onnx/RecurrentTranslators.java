package dev.keras2j.export.onnx;

import dev.keras2j.model.ActivationSpec;
import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.BidirectionalSpec;
import dev.keras2j.model.layer.GruSpec;
import dev.keras2j.model.layer.LstmSpec;
import dev.keras2j.model.layer.RecurrentSpec;
import dev.keras2j.model.layer.SimpleRnnSpec;
import dev.keras2j.export.onnx.proto.Onnx.AttributeProto;

import java.util.ArrayList;
import java.util.List;

import static dev.keras2j.export.onnx.OnnxGraph.attr;

/**
 * SimpleRNN, LSTM and GRU as ONNX's RNN, LSTM and GRU nodes (Keras's gate blocks re-packed into ONNX's
 * order, kernels transposed, GRU's reset_after as linear_before_reset=1), go_backwards as
 * direction=reverse with the outputs flipped back into Keras's processing order, and Bidirectional as
 * direction=bidirectional with its merge mode applied to the two directions.
 */
final class RecurrentTranslators {
    private RecurrentTranslators() {
    }

    static void register(TranslatorRegistry r) {
        r.registerMulti(SimpleRnnSpec.class, RecurrentTranslators::single);
        r.registerMulti(LstmSpec.class, RecurrentTranslators::single);
        r.registerMulti(GruSpec.class, RecurrentTranslators::single);
        r.registerMulti(BidirectionalSpec.class, RecurrentTranslators::bidirectional);
    }

    /**
     * What differs between the three cells: the ONNX operator, ONNX's gate order as indices of Keras's blocks
     * (LSTM i,o,f,c from Keras's i,f,c,o; GRU z,r,h and RNN as they are), the activations in ONNX's order
     * (f, g, h), and for GRU linear_before_reset (reset_after, whose bias holds a recurrent row).
     */
    private record Cell(String op, int[] order, List<ActivationSpec> activations, Long linearBeforeReset) {
    }

    private static final java.util.Map<Class<? extends RecurrentSpec>, java.util.function.Function<RecurrentSpec, Cell>> CELLS =
            java.util.Map.of(
                    SimpleRnnSpec.class, s -> new Cell("RNN", new int[] {0}, List.of(s.activation()), null),
                    LstmSpec.class, s -> new Cell("LSTM", new int[] {0, 3, 1, 2},
                            List.of(((LstmSpec) s).recurrentActivation(), s.activation(), s.activation()), null),
                    GruSpec.class, s -> new Cell("GRU", new int[] {0, 1, 2},
                            List.of(((GruSpec) s).recurrentActivation(), s.activation()), ((GruSpec) s).resetAfter() ? 1L : 0L));

    private static Cell cell(RecurrentSpec spec) {
        return CELLS.get(spec.getClass()).apply(spec);
    }

    /** The ONNX weights of one direction: W, R, B ({@code null} without bias). */
    private record Direction(NdArray w, NdArray r, NdArray b) {
    }

    /**
     * One direction. Outputs as Keras returns them: the sequence or last step, then with {@code return_state}
     * the final h (and c for LSTM). An {@code initial_state} call passes h (and c) after the sequence.
     */
    private static List<String> single(RecurrentSpec spec, CheckedLayer l, List<String> in, Translation t) {
        OnnxGraph g = t.graph();
        Direction d = direction(spec, l, "");
        String direction = spec.goBackwards() ? "reverse" : "forward";
        List<String> states = in.subList(1, in.size()).stream().map(x -> g.unsqueeze(x, l.name() + "_state", 0)).toList();
        String[] outs = node(spec, l.name(), in.get(0), List.of(d), direction, states, t);
        List<String> results = new ArrayList<>();
        if (spec.returnSequences()) {
            String y = g.transpose(g.squeeze(outs[0], l.name() + "_y", 1), l.name() + "_btu", 1, 0, 2);
            if (spec.goBackwards()) {
                y = reverseTime(g, y, l.name());
            }
            results.add(y);
        } else {
            results.add(g.squeeze(outs[1], l.name(), 0));
        }
        if (spec.returnState()) {
            results.add(g.squeeze(outs[1], l.name() + "_h", 0));
            if (outs[2] != null) {
                results.add(g.squeeze(outs[2], l.name() + "_c", 0));
            }
        }
        return results;
    }

    /** Keras returns a backward layer's steps in processing order, ONNX in input order. */
    private static String reverseTime(OnnxGraph g, String y, String name) {
        return g.op("Slice", name, List.of(y, g.ints(name + "_start", -1), g.ints(name + "_end", Long.MIN_VALUE),
                g.ints(name + "_axis", 1), g.ints(name + "_step", -1)));
    }

    /**
     * Both directions in one node. Outputs as Keras returns them: the merged sequence or last step (the two
     * of them without a merge mode), then with {@code return_state} the forward then the backward states.
     * An {@code initial_state} call passes the forward states, then the backward ones, after the sequence.
     */
    private static List<String> bidirectional(BidirectionalSpec b, CheckedLayer l, List<String> in, Translation t) {
        OnnxGraph g = t.graph();
        if (b.forward().goBackwards()) {
            throw Translation.refuse(b, "the wrapped layer has go_backwards=True, which ONNX's bidirectional"
                    + " node cannot express (its forward direction reads the sequence forwards)");
        }
        Direction fw = direction(b.forward(), l, "forward_");
        Direction bw = direction(b.backward(), l, "backward_");
        List<String> states = new ArrayList<>();
        int perDirection = (in.size() - 1) / 2;
        for (int i = 0; i < perDirection; i++) {
            states.add(g.op("Concat", l.name() + "_state", List.of(g.unsqueeze(in.get(1 + i), l.name() + "_fs", 0),
                    g.unsqueeze(in.get(1 + perDirection + i), l.name() + "_bs", 0)), attr("axis", 0L)));
        }
        String[] outs = node(b.forward(), l.name(), in.get(0), List.of(fw, bw), "bidirectional", states, t);
        String both;
        int dirAxis;
        if (b.returnSequences()) {
            // [time, 2, batch, units] -> [batch, time, 2, units]; Keras aligns the backward steps with the input too.
            both = g.transpose(outs[0], l.name() + "_bt2u", 2, 0, 1, 3);
            dirAxis = 2;
        } else {
            both = g.transpose(outs[1], l.name() + "_b2u", 1, 0, 2);
            dirAxis = 1;
        }
        int units = b.forward().units();
        List<String> results = new ArrayList<>();
        if (b.mergeMode() == null) {
            results.add(pick(g, both, 0, dirAxis, l.name() + "_forward"));
            results.add(pick(g, both, 1, dirAxis, l.name() + "_backward"));
        } else {
            results.add(switch (b.mergeMode()) {
                case CONCAT -> g.reshape(both, l.name(), dirAxis == 2 ? new long[] {0, 0, 2L * units} : new long[] {0, 2L * units});
                case SUM -> g.reduce("ReduceSum", both, l.name(), false, dirAxis);
                case AVE -> g.withScalar("Div", g.reduce("ReduceSum", both, l.name() + "_sum", false, dirAxis), 2.0, l.name());
                case MUL -> g.op("Mul", l.name(), List.of(pick(g, both, 0, dirAxis, l.name() + "_fw"),
                        pick(g, both, 1, dirAxis, l.name() + "_bw")));
            });
        }
        if (b.returnState()) {
            for (int dir = 0; dir < 2; dir++) {
                results.add(pick(g, outs[1], dir, 0, l.name() + "_h" + dir));
                if (outs[2] != null) {
                    results.add(pick(g, outs[2], dir, 0, l.name() + "_c" + dir));
                }
            }
        }
        return results;
    }

    /** One direction's slice of {@code x} along {@code axis}, the axis dropped. */
    private static String pick(OnnxGraph g, String x, int dir, int axis, String hint) {
        return g.op("Gather", hint, List.of(x, g.intScalar(hint + "_i", dir)), attr("axis", (long) axis));
    }

    /**
     * Adds the ONNX node, with the initial states ({@code [directions, batch, units]}: h, then c) when given;
     * returns its Y, Y_h and (LSTM) Y_c outputs, Y_c {@code null} for the other cells.
     */
    private static String[] node(RecurrentSpec spec, String name, String x, List<Direction> dirs, String direction,
                                 List<String> initialStates, Translation t) {
        OnnxGraph g = t.graph();
        String tbf = g.transpose(x, name + "_tbf", 1, 0, 2);
        List<String> inputs = new ArrayList<>(List.of(tbf, g.weight(name + "_W", stack(dirs, Direction::w)),
                g.weight(name + "_R", stack(dirs, Direction::r))));
        inputs.add(spec.useBias() ? g.weight(name + "_B", stack(dirs, Direction::b)) : "");
        if (!initialStates.isEmpty()) {
            inputs.add("");
            inputs.addAll(initialStates);
        }
        while (inputs.get(inputs.size() - 1).isEmpty()) {
            inputs.remove(inputs.size() - 1);
        }
        List<String> names = new ArrayList<>();
        List<Float> alphas = new ArrayList<>();
        List<Float> betas = new ArrayList<>();
        Cell cell = cell(spec);
        List<ActivationSpec> acts = cell.activations();
        for (int i = 0; i < dirs.size(); i++) {
            for (ActivationSpec a : acts) {
                activation(spec, a, names, alphas, betas);
            }
        }
        List<AttributeProto> attrs = new ArrayList<>();
        attrs.add(attr("direction", direction));
        attrs.add(attr("hidden_size", (long) spec.units()));
        attrs.add(OnnxGraph.stringsAttr("activations", names.toArray(String[]::new)));
        if (!alphas.isEmpty()) {
            attrs.add(OnnxGraph.floatsAttr("activation_alpha", toFloats(alphas)));
        }
        if (!betas.isEmpty()) {
            attrs.add(OnnxGraph.floatsAttr("activation_beta", toFloats(betas)));
        }
        if (cell.linearBeforeReset() != null) {
            attrs.add(attr("linear_before_reset", cell.linearBeforeReset()));
        }
        String op = cell.op();
        String y = g.fresh(name + "_Y");
        String yh = g.fresh(name + "_Y_h");
        String yc = op.equals("LSTM") ? g.fresh(name + "_Y_c") : null;
        g.node(op, inputs, yc == null ? List.of(y, yh) : List.of(y, yh, yc), attrs.toArray(AttributeProto[]::new));
        return new String[] {y, yh, yc};
    }

    private static float[] toFloats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /** An activation ONNX's recurrent nodes define exactly as Keras does, with its alpha and beta. */
    private static void activation(RecurrentSpec spec, ActivationSpec a, List<String> names, List<Float> alphas,
                                   List<Float> betas) {
        switch (a.kind()) {
            case TANH -> names.add("Tanh");
            case SIGMOID -> names.add("Sigmoid");
            case SOFTSIGN -> names.add("Softsign");
            case LINEAR -> {
                names.add("Affine");
                alphas.add(1f);
                betas.add(0f);
            }
            case HARD_SIGMOID_KERAS2 -> {
                names.add("HardSigmoid");
                alphas.add(0.2f);
                betas.add(0.5f);
            }
            case HARD_SIGMOID -> {
                names.add("HardSigmoid");
                alphas.add(1f / 6f);
                betas.add(0.5f);
            }
            case RELU -> {
                if (a.alpha() != 0.0 || !Double.isNaN(a.maxValue()) || a.threshold() != 0.0) {
                    throw Translation.refuse(spec, "relu with a slope, cap or threshold inside the cell has no ONNX"
                            + " recurrent activation");
                }
                names.add("Relu");
            }
            case ELU -> {
                names.add("Elu");
                alphas.add((float) a.alpha());
            }
            case LEAKY_RELU -> {
                names.add("LeakyRelu");
                alphas.add((float) a.alpha());
            }
            default -> throw Translation.refuse(spec, "activation '" + a.kerasName() + "' inside the cell is not one"
                    + " of ONNX's recurrent activations (tanh, sigmoid, hard_sigmoid, relu, elu, leaky_relu,"
                    + " softsign, linear)");
        }
    }

    /** {@code [rows, gates * units]} Keras blocks as ONNX's {@code [gates * units, rows]}, gates re-ordered. */
    private static float[] gatesTransposed(NdArray kernel, int[] order, int units) {
        int rows = kernel.dim(0);
        int cols = kernel.dim(1);
        float[] src = kernel.data();
        float[] dst = new float[src.length];
        for (int gi = 0; gi < order.length; gi++) {
            for (int u = 0; u < units; u++) {
                int srcCol = order[gi] * units + u;
                int dstRow = gi * units + u;
                for (int r = 0; r < rows; r++) {
                    dst[dstRow * rows + r] = src[r * cols + srcCol];
                }
            }
        }
        return dst;
    }

    private static float[] gatesReordered(float[] bias, int offset, int[] order, int units) {
        float[] out = new float[order.length * units];
        for (int gi = 0; gi < order.length; gi++) {
            System.arraycopy(bias, offset + order[gi] * units, out, gi * units, units);
        }
        return out;
    }

    private static Direction direction(RecurrentSpec spec, CheckedLayer l, String prefix) {
        int units = spec.units();
        Cell cell = cell(spec);
        int[] order = cell.order();
        int gu = order.length * units;
        NdArray kernel = l.weight(prefix + "kernel");
        NdArray recurrent = l.weight(prefix + "recurrent_kernel");
        NdArray w = NdArray.of(gatesTransposed(kernel, order, units), gu, kernel.dim(0));
        NdArray r = NdArray.of(gatesTransposed(recurrent, order, units), gu, units);
        NdArray b = null;
        if (spec.useBias()) {
            float[] bias = l.weight(prefix + "bias").data();
            float[] packed = new float[2 * gu];
            System.arraycopy(gatesReordered(bias, 0, order, units), 0, packed, 0, gu);
            if (cell.linearBeforeReset() != null && cell.linearBeforeReset() == 1L) {
                // [2, 3 * units]: the input bias row (Wb), then the recurrent one (Rb).
                System.arraycopy(gatesReordered(bias, gu, order, units), 0, packed, gu, gu);
            }
            b = NdArray.of(packed, 2 * gu);
        }
        return new Direction(w, r, b);
    }

    /** The directions' arrays stacked on a new leading axis, as ONNX's {@code num_directions}. */
    private static NdArray stack(List<Direction> dirs, java.util.function.Function<Direction, NdArray> part) {
        NdArray first = part.apply(dirs.get(0));
        int n = first.size();
        float[] out = new float[n * dirs.size()];
        for (int i = 0; i < dirs.size(); i++) {
            System.arraycopy(part.apply(dirs.get(i)).data(), 0, out, i * n, n);
        }
        int[] shape = new int[first.rank() + 1];
        shape[0] = dirs.size();
        System.arraycopy(first.shape(), 0, shape, 1, first.rank());
        return NdArray.of(out, shape);
    }
}
