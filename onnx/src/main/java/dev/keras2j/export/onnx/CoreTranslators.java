package dev.keras2j.export.onnx;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.LayerNode;
import dev.keras2j.model.Shape;
import dev.keras2j.model.layer.DenseSpec;
import dev.keras2j.model.layer.EmbeddingSpec;
import dev.keras2j.model.layer.FlattenSpec;
import dev.keras2j.model.layer.InferenceIdentitySpec;
import dev.keras2j.model.layer.LayerScaleSpec;
import dev.keras2j.model.layer.MaskingSpec;
import dev.keras2j.model.layer.NormalizationSpec;
import dev.keras2j.model.layer.PermuteSpec;
import dev.keras2j.model.layer.RepeatVectorSpec;
import dev.keras2j.model.layer.RescalingSpec;
import dev.keras2j.model.layer.ReshapeSpec;
import dev.keras2j.model.layer.TimeDistributedSpec;
import dev.keras2j.model.layer.UnitNormalizationSpec;
import dev.keras2j.export.onnx.proto.Onnx.TensorProto;

import java.util.Arrays;
import java.util.List;

import static dev.keras2j.export.onnx.OnnxGraph.attr;

/**
 * Dense, the inference identities, reshaping layers, preprocessing arithmetic, Embedding and
 * TimeDistributed.
 */
final class CoreTranslators {
    private CoreTranslators() {
    }

    static void register(TranslatorRegistry r) {
        r.register(DenseSpec.class, CoreTranslators::dense);
        r.register(InferenceIdentitySpec.class, (s, l, in, t) -> in.get(0));
        r.register(FlattenSpec.class, CoreTranslators::flatten);
        r.register(ReshapeSpec.class, (s, l, in, t) -> reshapeTo(l, in.get(0), t));
        r.register(PermuteSpec.class, CoreTranslators::permute);
        r.register(RepeatVectorSpec.class, CoreTranslators::repeatVector);
        r.register(LayerScaleSpec.class, (s, l, in, t) -> t.graph().op("Mul", l.name(),
                List.of(in.get(0), t.graph().weight(l.name() + "_gamma", l.weight("gamma")))));
        r.register(RescalingSpec.class, CoreTranslators::rescaling);
        r.register(NormalizationSpec.class, CoreTranslators::normalization);
        r.register(UnitNormalizationSpec.class, CoreTranslators::unitNormalization);
        r.register(EmbeddingSpec.class, CoreTranslators::embedding);
        r.register(MaskingSpec.class, (s, l, in, t) -> {
            throw Translation.refuse(s, MASK_REASON);
        });
        r.register(TimeDistributedSpec.class, CoreTranslators::timeDistributed);
    }

    /** Why masks are refused: ONNX's recurrent nodes take sequence lengths, which a mask is not. */
    static final String MASK_REASON = "masks have no exact ONNX form: ONNX's recurrent nodes take per-example"
            + " sequence lengths, which equal a Keras mask only when the masked steps are trailing, and the"
            + " model cannot guarantee that of its inputs";

    private static String dense(DenseSpec d, CheckedLayer layer, List<String> in, Translation t) {
        OnnxGraph g = t.graph();
        String y = g.op("MatMul", layer.name() + "_matmul", List.of(in.get(0), g.weight(layer.name() + "_kernel",
                layer.weight("kernel"))));
        if (d.useBias()) {
            y = g.op("Add", layer.name() + "_bias", List.of(y, g.weight(layer.name() + "_bias", layer.weight("bias"))));
        }
        return ActivationOps.apply(d.activation(), y, layer.inputShape().rank() + 1, layer.name(), t, d);
    }

    private static String flatten(FlattenSpec f, CheckedLayer layer, List<String> in, Translation t) {
        OnnxGraph g = t.graph();
        Shape s = layer.inputShape();
        String x = in.get(0);
        if (s.rank() == 0) {
            return g.unsqueeze(x, layer.name(), 1);
        }
        if (f.channelsFirst() && s.rank() >= 2) {
            // Keras moves the channel axis last before flattening.
            int[] perm = new int[s.rank() + 1];
            for (int i = 1; i < s.rank(); i++) {
                perm[i] = i + 1;
            }
            perm[s.rank()] = 1;
            x = g.transpose(x, layer.name() + "_to_last", perm);
        }
        return g.op("Flatten", layer.name(), List.of(x), attr("axis", 1L));
    }

    /** Reshape to the layer's output shape, the batch axis copied (0) and an unknown axis inferred (-1). */
    static String reshapeTo(CheckedLayer layer, String x, Translation t) {
        int[] out = layer.outputShape().dims();
        long[] shape = new long[out.length + 1];
        int unknown = 0;
        for (int i = 0; i < out.length; i++) {
            shape[i + 1] = out[i] == Shape.UNKNOWN ? -1 : out[i];
            unknown += out[i] == Shape.UNKNOWN ? 1 : 0;
        }
        if (unknown > 1) {
            throw Translation.refuse(layer.spec(), "output " + layer.outputShape().toKerasString()
                    + " has more than one axis of unknown size");
        }
        return t.graph().reshape(x, layer.name(), shape);
    }

    private static String permute(PermuteSpec p, CheckedLayer layer, List<String> in, Translation t) {
        int[] dims = p.dims();
        int[] perm = new int[dims.length + 1];
        System.arraycopy(dims, 0, perm, 1, dims.length);
        return t.graph().transpose(in.get(0), layer.name(), perm);
    }

    private static String repeatVector(RepeatVectorSpec r, CheckedLayer layer, List<String> in, Translation t) {
        OnnxGraph g = t.graph();
        String x = g.unsqueeze(in.get(0), layer.name() + "_step", 1);
        return g.op("Tile", layer.name(), List.of(x, g.ints(layer.name() + "_repeats", 1, r.n(), 1)));
    }

    /** A constant laid over the last axes of the input, shaped to broadcast against the full tensor. */
    private static String trailingConstant(OnnxGraph g, String hint, float[] values, Shape input, int axes) {
        long[] dims = new long[axes];
        for (int i = 0; i < axes; i++) {
            dims[i] = input.dim(input.rank() - axes + i);
        }
        return g.floats(hint, values, dims);
    }

    private static String rescaling(RescalingSpec r, CheckedLayer layer, List<String> in, Translation t) {
        OnnxGraph g = t.graph();
        Shape s = layer.inputShape();
        int k = r.broadcastAxes(s);
        String y = g.op("Mul", layer.name() + "_scale", List.of(in.get(0),
                trailingConstant(g, layer.name() + "_scale_c", r.broadcastScale(s), s, k)));
        return g.op("Add", layer.name(), List.of(y, trailingConstant(g, layer.name() + "_offset_c",
                r.broadcastOffset(s), s, k)));
    }

    private static String normalization(NormalizationSpec n, CheckedLayer layer, List<String> in, Translation t) {
        OnnxGraph g = t.graph();
        Shape s = layer.inputShape();
        float[] mean;
        float[] variance;
        if (n.hasConstantStatistics()) {
            mean = n.broadcastConstant(n.constantMean(), s, "mean");
            variance = n.broadcastConstant(n.constantVariance(), s, "variance");
        } else {
            mean = layer.weight("mean").data();
            variance = layer.weight("variance").data();
        }
        // max(sqrt(variance), 1e-7) in float32, as the runtime computes it.
        float[] sd = new float[variance.length];
        for (int i = 0; i < sd.length; i++) {
            sd[i] = Math.max((float) Math.sqrt(variance[i]), NormalizationSpec.EPSILON);
        }
        long[] dims = new long[s.rank() + 1];
        Arrays.fill(dims, 1);
        for (int a : n.keptAxes(s)) {
            dims[a] = s.dim(a - 1);
        }
        String m = g.floats(layer.name() + "_mean", mean, dims);
        String d = g.floats(layer.name() + "_std", sd, dims);
        if (n.invert()) {
            return g.op("Add", layer.name(), List.of(m, g.op("Mul", layer.name() + "_scaled", List.of(in.get(0), d))));
        }
        return g.op("Div", layer.name(), List.of(g.op("Sub", layer.name() + "_centered", List.of(in.get(0), m)), d));
    }

    private static String unitNormalization(UnitNormalizationSpec u, CheckedLayer layer, List<String> in, Translation t) {
        OnnxGraph g = t.graph();
        String x = in.get(0);
        long[] axes = Arrays.stream(u.resolvedAxes(layer.inputShape())).asLongStream().toArray();
        String squares = g.reduce("ReduceSum", g.op("Mul", layer.name() + "_sq", List.of(x, x)),
                layer.name() + "_sumsq", true, axes);
        String inverse = g.op("Reciprocal", layer.name() + "_inv", List.of(g.op("Sqrt", layer.name() + "_norm",
                List.of(squares))));
        // Keras caps the inverse norm at 1 / 1e-12.
        String capped = g.op("Min", layer.name() + "_cap", List.of(inverse, g.scalar(layer.name() + "_max", 1e12)));
        return g.op("Mul", layer.name(), List.of(x, capped));
    }

    private static String embedding(EmbeddingSpec e, CheckedLayer layer, List<String> in, Translation t) {
        if (e.maskZero()) {
            throw Translation.refuse(e, "mask_zero=True: " + MASK_REASON);
        }
        OnnxGraph g = t.graph();
        String ids = in.get(0);
        int type = g.elemType(ids);
        if (type != TensorProto.DataType.INT32_VALUE && type != TensorProto.DataType.INT64_VALUE) {
            // Float ids are truncated to integers, as Keras's cast to int32 does.
            ids = g.op("Cast", layer.name() + "_ids", List.of(ids), attr("to", (long) TensorProto.DataType.INT64_VALUE));
        }
        return g.op("Gather", layer.name(), List.of(g.weight(layer.name() + "_embeddings", layer.weight("embeddings")),
                ids), attr("axis", 0L));
    }

    /** The inner layer on {@code [batch * time, ...]}, reshaped back to {@code [batch, time, ...]}. */
    private static String timeDistributed(TimeDistributedSpec td, CheckedLayer layer, List<String> in, Translation t) {
        OnnxGraph g = t.graph();
        Shape step = td.stepShape(layer.inputShape());
        Shape innerOut = Shape.of(Arrays.copyOfRange(layer.outputShape().dims(), 1, layer.outputShape().rank()));
        if (!step.isFullyKnown() || !innerOut.isFullyKnown()) {
            throw Translation.refuse(td, "each step " + step.toKerasString() + " needs every axis known to fold time"
                    + " into the batch axis");
        }
        String x = in.get(0);
        long[] folded = new long[step.rank() + 1];
        folded[0] = -1;
        for (int i = 0; i < step.rank(); i++) {
            folded[i + 1] = step.dim(i);
        }
        String steps = g.reshape(x, layer.name() + "_fold", folded);
        CheckedLayer inner = new CheckedLayer(LayerNode.called(td.layer(), layer.node().calls()), List.of(step),
                innerOut, layer.weights());
        String y = t.translate(inner, List.of(steps)).get(0);
        String batchTime = g.op("Slice", layer.name() + "_bt", List.of(g.op("Shape", layer.name() + "_shape", List.of(x)),
                g.ints(layer.name() + "_s0", 0), g.ints(layer.name() + "_s1", 2)));
        String shape = g.op("Concat", layer.name() + "_outshape", List.of(batchTime,
                g.ints(layer.name() + "_dims", OnnxGraph.toLongs(innerOut.dims()))), attr("axis", 0L));
        return g.op("Reshape", layer.name(), List.of(y, shape));
    }

}
