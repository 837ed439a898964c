package dev.keras2j.export.onnx;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.layer.BaseConvSpec;
import dev.keras2j.model.layer.ConvSpec;
import dev.keras2j.model.layer.ConvTransposeSpec;
import dev.keras2j.model.layer.DepthwiseConvSpec;
import dev.keras2j.model.layer.SeparableConvSpec;
import dev.keras2j.model.layer.WindowArithmetic;
import dev.keras2j.export.onnx.proto.Onnx.AttributeProto;

import java.util.ArrayList;
import java.util.List;

import static dev.keras2j.export.onnx.OnnxGraph.attr;
import static dev.keras2j.export.onnx.OnnxGraph.intsAttr;

/**
 * Conv1D/2D (groups, dilation, valid/same/causal), DepthwiseConv1D/2D (ONNX groups of one channel),
 * SeparableConv1D/2D (depthwise then a 1×1 Conv) and Conv1D/2DTranspose (ConvTranspose with TensorFlow's
 * cropping as pads). ONNX computes channels first: channels-last values are transposed around the node.
 */
final class ConvolutionTranslators {
    private ConvolutionTranslators() {
    }

    static void register(TranslatorRegistry r) {
        r.register(ConvSpec.class, (c, l, in, t) -> conv(c, l, in.get(0), t, Layouts.kernelToOnnx(l.weight("kernel")),
                c.groups(), c.useBias()));
        r.register(DepthwiseConvSpec.class, (c, l, in, t) -> conv(c, l, in.get(0), t, depthwise(l), channels(c, l), c.useBias()));
        r.register(SeparableConvSpec.class, ConvolutionTranslators::separable);
        r.register(ConvTransposeSpec.class, ConvolutionTranslators::transpose);
    }

    private static int channels(BaseConvSpec c, CheckedLayer l) {
        return l.inputShape().dim(c.dataFormat().channelAxis(l.inputShape().rank()));
    }

    /** {@code [k..., C, m]} as ONNX's grouped {@code [C * m, 1, k...]}: output channel {@code c * m + j}. */
    private static NdArray depthwise(CheckedLayer l) {
        NdArray k = l.weight("depthwise_kernel");
        int n = k.rank();
        int[] perm = new int[n];
        perm[0] = n - 2;
        perm[1] = n - 1;
        for (int i = 0; i < n - 2; i++) {
            perm[i + 2] = i;
        }
        NdArray p = Layouts.permute(k, perm);
        int[] s = p.shape();
        int[] shape = new int[n];
        shape[0] = s[0] * s[1];
        shape[1] = 1;
        System.arraycopy(s, 2, shape, 2, n - 2);
        return p.reshape(shape);
    }

    private static List<AttributeProto> windowAttrs(BaseConvSpec c, Shape input, int[] strides) {
        List<AttributeProto> a = new ArrayList<>();
        a.add(intsAttr("kernel_shape", c.kernelSize()));
        a.add(intsAttr("strides", strides));
        a.add(intsAttr("dilations", c.dilationRate()));
        long[] pads = Layouts.pads(input, c.dataFormat(), c.kernelSize(), strides, c.dilationRate(), c.padding());
        a.add(pads == null ? attr("auto_pad", "SAME_UPPER") : intsAttr("pads", pads));
        return a;
    }

    private static String conv(BaseConvSpec c, CheckedLayer l, String x, Translation t, NdArray weights, int groups,
                               boolean bias) {
        OnnxGraph g = t.graph();
        String cf = Layouts.toChannelsFirst(g, x, c.rank(), c.dataFormat(), l.name());
        String y = convNode(g, c, l.name(), cf, l.inputShape(), weights, bias ? l.weight("bias") : null, groups,
                c.strides(), c.dilationRate(), true);
        y = Layouts.fromChannelsFirst(g, y, c.rank(), c.dataFormat(), l.name());
        return ActivationOps.apply(c.activation(), y, l.inputShape().rank() + 1, l.name(), t, c);
    }

    private static String convNode(OnnxGraph g, BaseConvSpec c, String name, String x, Shape input, NdArray w,
                                   NdArray bias, int groups, int[] strides, int[] dilations, boolean windowed) {
        List<String> inputs = new ArrayList<>(List.of(x, g.weight(name + "_w", w)));
        if (bias != null) {
            inputs.add(g.weight(name + "_b", bias));
        }
        List<AttributeProto> a = windowed ? windowAttrs(c, input, strides) : new ArrayList<>();
        a.add(attr("group", (long) groups));
        return g.op("Conv", name + "_conv", inputs, a.toArray(AttributeProto[]::new));
    }

    private static String separable(SeparableConvSpec c, CheckedLayer l, List<String> in, Translation t) {
        OnnxGraph g = t.graph();
        String cf = Layouts.toChannelsFirst(g, in.get(0), c.rank(), c.dataFormat(), l.name());
        String depth = convNode(g, c, l.name() + "_depthwise", cf, l.inputShape(), depthwise(l), null, channels(c, l),
                c.strides(), c.dilationRate(), true);
        String y = convNode(g, c, l.name() + "_pointwise", depth, null, Layouts.kernelToOnnx(l.weight("pointwise_kernel")),
                c.useBias() ? l.weight("bias") : null, 1, null, null, false);
        y = Layouts.fromChannelsFirst(g, y, c.rank(), c.dataFormat(), l.name());
        return ActivationOps.apply(c.activation(), y, l.inputShape().rank() + 1, l.name(), t, c);
    }

    /**
     * ConvTranspose: input element {@code i} and tap {@code j} land at {@code i * s + j * d - padBefore} of an
     * output {@code transposeOutputLength} long (the runtime's rule); ONNX crops {@code pads} from the full
     * result and extends it by {@code output_padding}.
     */
    private static String transpose(ConvTransposeSpec c, CheckedLayer l, List<String> in, Translation t) {
        OnnxGraph g = t.graph();
        int r = c.rank();
        int[] k = c.kernelSize();
        int[] s = c.strides();
        int[] d = c.dilationRate();
        long[] pads = new long[2 * r];
        long[] outputPadding = new long[r];
        for (int i = 0; i < r; i++) {
            int len = l.inputShape().dim(c.dataFormat().spatialAxis(i));
            if (len == Shape.UNKNOWN) {
                throw Translation.refuse(c, "spatial axis " + (i + 1) + " has an unknown length; ONNX's ConvTranspose"
                        + " pads are fixed numbers");
            }
            int out = WindowArithmetic.transposeOutputLength(len, k[i], s[i], d[i], c.padding(), c.outputPadding(i));
            int before = WindowArithmetic.transposePadBefore(k[i], s[i], d[i], c.padding(), c.outputPadding(i));
            int full = (len - 1) * s[i] + WindowArithmetic.effectiveKernel(k[i], d[i]);
            int after = full - before - out;
            pads[i] = before;
            if (after >= 0) {
                pads[i + r] = after;
            } else {
                outputPadding[i] = -after;
            }
        }
        String cf = Layouts.toChannelsFirst(g, in.get(0), r, c.dataFormat(), l.name());
        List<String> inputs = new ArrayList<>(List.of(cf, g.weight(l.name() + "_w", Layouts.kernelToOnnx(l.weight("kernel")))));
        if (c.useBias()) {
            inputs.add(g.weight(l.name() + "_b", l.weight("bias")));
        }
        String y = g.op("ConvTranspose", l.name() + "_convt", inputs, intsAttr("kernel_shape", k), intsAttr("strides", s),
                intsAttr("dilations", d), intsAttr("pads", pads), intsAttr("output_padding", outputPadding));
        y = Layouts.fromChannelsFirst(g, y, r, c.dataFormat(), l.name());
        return ActivationOps.apply(c.activation(), y, l.inputShape().rank() + 1, l.name(), t, c);
    }
}
