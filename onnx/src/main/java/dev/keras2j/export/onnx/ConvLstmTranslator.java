package dev.keras2j.export.onnx;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.layer.ConvLstmSpec;
import dev.keras2j.model.layer.DataFormat;
import dev.keras2j.model.layer.Padding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.keras2j.export.onnx.OnnxGraph.attr;
import static dev.keras2j.export.onnx.OnnxGraph.intsAttr;

/**
 * ConvLSTM1D/2D/3D, unrolled over its (known) timesteps, since ONNX has no convolutional LSTM operator: every
 * frame's input convolution at once (time folded into the batch; Conv with {@code kernel}, the bias, strides,
 * dilation, Keras's padding), then per step the state's Conv with {@code recurrent_kernel} (stride 1,
 * {@code same}), the sum split into Keras's gates i, f, c, o, and Keras's update {@code c = f·c + i·act(z_c)},
 * {@code h = o·act(c)} with the layer's activations (the first step starts from zero states, so it skips the
 * recurrent products, which are zero). {@code go_backwards} reads the frames from the end and returns them in
 * that processing order, as Keras does. Computed channels-first, transposed back for channels_last.
 */
final class ConvLstmTranslator {
    private ConvLstmTranslator() {
    }

    static void register(TranslatorRegistry r) {
        r.register(ConvLstmSpec.class, ConvLstmTranslator::translate);
    }

    private static String translate(ConvLstmSpec c, CheckedLayer l, List<String> in, Translation t) {
        OnnxGraph g = t.graph();
        Shape input = l.inputShape();
        int steps = input.dim(0);
        if (steps == Shape.UNKNOWN) {
            throw Translation.refuse(c, "an open number of timesteps: ONNX has no convolutional LSTM operator, so the"
                    + " export unrolls the steps, which needs their number");
        }
        String name = l.name();
        int rank = c.rank();
        int filters = c.filters();
        DataFormat format = c.dataFormat();
        Shape frame = Shape.of(Arrays.copyOfRange(input.dims(), 1, input.rank()));
        int[] stateSpatial = c.stateSpatial(spatial(frame, format, rank));
        int[] ones = new int[rank];
        Arrays.fill(ones, 1);
        // Every frame's input convolution: [batch * steps, frame...] -> [batch, steps, 4 * filters, state...].
        long[] folded = new long[frame.rank() + 1];
        folded[0] = -1;
        for (int i = 0; i < frame.rank(); i++) {
            folded[i + 1] = frame.dim(i);
        }
        String frames = Layouts.toChannelsFirst(g, g.reshape(in.get(0), name + "_frames", folded), rank, format, name);
        List<String> convIn = new ArrayList<>(List.of(frames, onnxKernel(g, name + "_kernel", l, "kernel")));
        if (c.useBias()) {
            convIn.add(g.weight(name + "_bias", l.weight("bias")));
        }
        String xz = g.op("Conv", name + "_input_conv", convIn, intsAttr("kernel_shape", c.kernelSize()),
                intsAttr("strides", c.strides()), intsAttr("dilations", c.dilationRate()),
                intsAttr("pads", Layouts.pads(frame, format, c.kernelSize(), c.strides(), c.dilationRate(), c.padding())));
        long[] unfolded = new long[rank + 3];
        unfolded[0] = -1;
        unfolded[1] = steps;
        unfolded[2] = 4L * filters;
        for (int i = 0; i < rank; i++) {
            unfolded[i + 3] = stateSpatial[i];
        }
        xz = g.reshape(xz, name + "_input_gates", unfolded);
        // The recurrent convolution: stride 1, same padding over the state.
        int[] stateDims = new int[rank + 1];
        stateDims[0] = filters;
        System.arraycopy(stateSpatial, 0, stateDims, 1, rank);
        long[] recurrentPads = Layouts.pads(Shape.of(stateDims), DataFormat.CHANNELS_FIRST, c.kernelSize(), ones, ones,
                Padding.SAME);
        String recurrentKernel = onnxKernel(g, name + "_recurrent_kernel", l, "recurrent_kernel");
        String split = g.ints(name + "_split", filters, filters, filters, filters);
        int full = rank + 2;
        String h = null;
        String cell = null;
        List<String> sequence = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            int step = c.goBackwards() ? steps - 1 - s : s;
            String hint = name + "_t" + s;
            String z = g.op("Gather", hint + "_x", List.of(xz, g.intScalar(hint + "_step", step)), attr("axis", 1L));
            if (h != null) {
                String hz = g.op("Conv", hint + "_rec_conv", List.of(h, recurrentKernel),
                        intsAttr("kernel_shape", c.kernelSize()), intsAttr("pads", recurrentPads));
                z = g.op("Add", hint + "_z", List.of(z, hz));
            }
            List<String> gates = List.of(g.fresh(hint + "_zi"), g.fresh(hint + "_zf"), g.fresh(hint + "_zc"),
                    g.fresh(hint + "_zo"));
            g.node("Split", List.of(z, split), gates, attr("axis", 1L));
            String i = ActivationOps.apply(c.recurrentActivation(), gates.get(0), full, hint + "_i", t, c);
            String candidate = g.op("Mul", hint + "_ic", List.of(i,
                    ActivationOps.apply(c.activation(), gates.get(2), full, hint + "_c", t, c)));
            if (cell == null) {
                cell = candidate;
            } else {
                String f = ActivationOps.apply(c.recurrentActivation(), gates.get(1), full, hint + "_f", t, c);
                cell = g.op("Add", hint + "_cell", List.of(g.op("Mul", hint + "_fc", List.of(f, cell)), candidate));
            }
            String o = ActivationOps.apply(c.recurrentActivation(), gates.get(3), full, hint + "_o", t, c);
            h = g.op("Mul", hint + "_h", List.of(o, ActivationOps.apply(c.activation(), cell, full, hint + "_cell_act",
                    t, c)));
            if (c.returnSequences()) {
                sequence.add(g.unsqueeze(h, hint + "_seq", 1));
            }
        }
        if (!c.returnSequences()) {
            return Layouts.fromChannelsFirst(g, h, rank, format, name);
        }
        String stacked = sequence.size() == 1 ? sequence.get(0)
                : g.op("Concat", name + "_sequence", sequence, attr("axis", 1L));
        if (format == DataFormat.CHANNELS_FIRST) {
            return stacked;
        }
        int[] perm = new int[rank + 3];
        perm[1] = 1;
        for (int i = 0; i < rank; i++) {
            perm[i + 2] = i + 3;
        }
        perm[rank + 2] = 2;
        return g.transpose(stacked, name + "_nhwc", perm);
    }

    private static int[] spatial(Shape frame, DataFormat format, int rank) {
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = frame.dim(format.spatialAxis(i));
        }
        return out;
    }

    /** The Keras kernel {@code [k..., in, out]} as ONNX's {@code [out, in, k...]}. */
    private static String onnxKernel(OnnxGraph g, String hint, CheckedLayer l, String weight) {
        NdArray k = Layouts.kernelToOnnx(l.weight(weight));
        return g.floats(hint, k.data(), OnnxGraph.toLongs(k.shape()));
    }
}
