package dev.keras2j.export.dl4j;

import dev.keras2j.model.ActivationSpec;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;
import dev.keras2j.model.layer.ActivationLayerSpec;
import dev.keras2j.model.layer.BatchNormalizationSpec;
import dev.keras2j.model.layer.DenseSpec;
import dev.keras2j.model.layer.EmbeddingSpec;
import dev.keras2j.model.layer.InferenceIdentitySpec;
import dev.keras2j.model.layer.MergeSpec;
import dev.keras2j.model.layer.PReLUSpec;
import dev.keras2j.model.layer.RepeatVectorSpec;
import dev.keras2j.model.layer.SoftmaxSpec;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.deeplearning4j.nn.conf.layers.misc.RepeatVector;
import org.deeplearning4j.nn.conf.layers.recurrent.TimeDistributed;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** DL4J translations of the core layers: Dense, activations, identities, BatchNormalization, Embedding, merges. */
final class CoreTranslations {
    private CoreTranslations() {
    }

    static void register(Map<Class<? extends LayerSpec>, Translation> t) {
        t.put(DenseSpec.class, s -> dense((DenseSpec) s.spec(), s));
        // Dropout, noise and regularization layers are the identity at inference.
        t.put(InferenceIdentitySpec.class, LayerStep::passThrough);
        t.put(ActivationLayerSpec.class, s -> activation(s, ((ActivationLayerSpec) s.spec()).activation()));
        t.put(SoftmaxSpec.class, CoreTranslations::softmax);
        t.put(PReLUSpec.class, CoreTranslations::prelu);
        t.put(BatchNormalizationSpec.class, CoreTranslations::batchNorm);
        t.put(EmbeddingSpec.class, CoreTranslations::embedding);
        t.put(RepeatVectorSpec.class, s -> s.add(new RepeatVector.Builder(((RepeatVectorSpec) s.spec()).n())
                .dataFormat(RNNFormat.NWC).build(), Map.of()));
        t.put(MergeSpec.class, CoreTranslations::merge);
    }

    static void dense(DenseSpec d, LayerStep s) {
        Shape in = s.in();
        if (s.cf() && in.rank() >= 2) {
            throw s.refuse("Dense over the last axis of a channels_first tensor has no DL4J export");
        }
        int nIn = in.last();
        IActivation act = Dl4jActivations.map(d.activation(), d.describe());
        INDArray kernel = s.weight("kernel");
        Map<String, INDArray> params = new LinkedHashMap<>();
        switch (in.rank()) {
            case 1 -> {
                params.put("W", kernel);
                s.bias(d.useBias(), params);
                s.add(new DenseLayer.Builder().nIn(nIn).nOut(d.units()).hasBias(d.useBias()).activation(act).build(),
                        params);
            }
            case 2 -> {
                // Keras applies Dense to every timestep; DL4J's TimeDistributed does the same on NWC data.
                params.put("W", kernel);
                s.bias(d.useBias(), params);
                DenseLayer inner = new DenseLayer.Builder().nIn(nIn).nOut(d.units()).hasBias(d.useBias())
                        .activation(act).build();
                s.add(new TimeDistributed(inner, RNNFormat.NWC), params);
            }
            case 3 -> {
                if (d.activation().kind() == ActivationSpec.Kind.SOFTMAX) {
                    throw s.refuse("softmax over the channels of an image-shaped input has no verified DL4J export");
                }
                // Dense over the channels of an NHWC image is a 1x1 convolution.
                params.put("W", kernel.permute(1, 0).dup('c').reshape('c', d.units(), nIn, 1, 1));
                s.bias(d.useBias(), params);
                s.add(new ConvolutionLayer.Builder(1, 1).stride(1, 1).nIn(nIn).nOut(d.units())
                        .convolutionMode(ConvolutionMode.Truncate).dataFormat(CNN2DFormat.NHWC)
                        .hasBias(d.useBias()).activation(act).build(), params);
            }
            default -> throw s.refuse("input " + in.toKerasString() + ": the DL4J export supports Dense on inputs"
                    + " of rank 1 to 3 (without batch)");
        }
    }

    private static void softmax(LayerStep s) {
        SoftmaxSpec spec = (SoftmaxSpec) s.spec();
        int[] axes = spec.resolvedAxes(s.in());
        if (axes.length != 1 || axes[0] != LayerStep.featureAxis(s.in(), s.cf())) {
            throw s.refuse("softmax over axes " + Arrays.toString(spec.axes()) + ": DL4J normalizes over the"
                    + " feature axis only");
        }
        activation(s, ActivationSpec.of(ActivationSpec.Kind.SOFTMAX));
    }

    private static void activation(LayerStep s, ActivationSpec act) {
        ActivationLayer dl4j = new ActivationLayer.Builder().activation(Dl4jActivations.map(act, s.spec().describe()))
                .build();
        if (act.kind() == ActivationSpec.Kind.SOFTMAX && s.in().rank() > 1) {
            if (s.in().rank() != 2 || s.cf()) {
                throw s.refuse("softmax over the last axis of a " + s.in().toKerasString()
                        + " input: DL4J normalizes rows of matrices and sequences (features last) only");
            }
            // Per timestep: TimeDistributed hands the softmax [batch * time, features] rows.
            s.add(new TimeDistributed(dl4j, RNNFormat.NWC), Map.of());
            return;
        }
        s.add(dl4j, Map.of());
    }

    private static void merge(LayerStep s) {
        MergeSpec m = (MergeSpec) s.spec();
        if (m.operands() != null) {
            throw s.refuse("a Keras operation node with number operands has no exact DL4J vertex");
        }
        List<Shape> shapes = s.layer().inputShapes();
        boolean cf = s.cf();
        for (int i = 0; i < shapes.size(); i++) {
            if (s.channelsFirst(i) != cf) {
                throw s.refuse("its inputs have different layouts in the DL4J network");
            }
        }
        GraphVertex vertex;
        if (m.op() == MergeSpec.Op.CONCATENATE) {
            Shape first = shapes.get(0);
            int axis = m.exampleAxis(first.rank()) + 1;
            if (axis != LayerStep.featureAxis(first, cf)) {
                throw s.refuse("concatenation along axis " + m.axis() + ": DL4J's MergeVertex concatenates"
                        + " features (the channel axis of images and sequences) only");
            }
            MergeVertex merge = new MergeVertex();
            merge.setMergeAxis(axis);
            vertex = merge;
        } else {
            for (Shape shape : shapes) {
                if (!shape.equals(shapes.get(0))) {
                    throw s.refuse("inputs of shapes " + shapes + ": DL4J's ElementWiseVertex does not broadcast");
                }
            }
            ElementWiseVertex.Op op = switch (m.op()) {
                case ADD -> ElementWiseVertex.Op.Add;
                case SUBTRACT -> ElementWiseVertex.Op.Subtract;
                case MULTIPLY -> ElementWiseVertex.Op.Product;
                case AVERAGE -> ElementWiseVertex.Op.Average;
                case MAXIMUM -> ElementWiseVertex.Op.Max;
                default -> throw s.refuse("DL4J's ElementWiseVertex has no " + m.op().name().toLowerCase(Locale.ROOT)
                        + " operation");
            };
            vertex = new ElementWiseVertex(op);
        }
        s.addVertex(s.inputs(), vertex);
    }

    private static void prelu(LayerStep s) {
        PReLUSpec p = (PReLUSpec) s.spec();
        long[] shape = Arrays.stream(s.in().dims()).asLongStream().toArray();
        long[] shared = Arrays.stream(p.sharedAxes()).asLongStream().toArray();
        // The tensor is in Keras's layout, so Keras's alpha broadcasts onto it unchanged.
        PReLULayer.Builder b = new PReLULayer.Builder().inputShape(shape);
        if (shared.length > 0) {
            b.sharedAxes(shared);
        }
        s.add(b.build(), Map.of("W", s.weight("alpha")));
    }

    /** A parameter-free identity layer, to carry a preprocessor. */
    static ActivationLayer identity() {
        return new ActivationLayer.Builder().activation(new ActivationIdentity()).build();
    }

    private static void batchNorm(LayerStep s) {
        BatchNormalizationSpec b = (BatchNormalizationSpec) s.spec();
        Shape in = s.in();
        int axis = b.resolvedAxis(in);
        boolean sequence = in.rank() == 2 && !s.cf();
        if (axis != LayerStep.featureAxis(in, s.cf()) || (in.rank() == 2 && !sequence)) {
            throw s.refuse("normalizing axis " + b.axis() + " of a " + in.toKerasString() + " input: DL4J's"
                    + " BatchNormalization normalizes the features of dense inputs and the channels of images only");
        }
        int n = in.dim(axis - 1);
        Map<String, INDArray> params = new LinkedHashMap<>();
        params.put("gamma", b.scale() ? s.weight("gamma") : Nd4j.ones(DataType.FLOAT, n));
        params.put("beta", b.center() ? s.weight("beta") : Nd4j.zeros(DataType.FLOAT, n));
        params.put("mean", s.weight("moving_mean"));
        params.put("var", s.weight("moving_variance"));
        BatchNormalization bn = new BatchNormalization.Builder().nIn(n).nOut(n).eps(b.epsilon()).useLogStd(false)
                .dataFormat(s.cf() ? CNN2DFormat.NCHW : CNN2DFormat.NHWC).build();
        if (!sequence) {
            s.add(bn, params);
            return;
        }
        // The features of every time step: rows [batch * time, features], normalized, then the sequence again.
        s.add(Layouts.rows(s, "rows", s.input(), RNNFormat.NWC), bn, null, params);
        s.producedBy(s.helper("seq", s.layer().name(), identity(), Layouts.sequence(RNNFormat.NWC)));
    }

    private static void embedding(LayerStep s) {
        EmbeddingSpec e = (EmbeddingSpec) s.spec();
        if (e.maskZero()) {
            throw s.refuse("mask_zero=True: the exported network would not mask the padded timesteps");
        }
        Shape in = s.in();
        if (in.rank() != 1 || in.dim(0) == Shape.UNKNOWN) {
            throw s.refuse("input " + in.toKerasString() + ": the DL4J export embeds fixed-length id sequences only");
        }
        s.add(new EmbeddingSequenceLayer.Builder().nIn(e.inputDim()).nOut(e.outputDim()).inferInputLength(false)
                .inputLength(in.dim(0)).hasBias(false).outputDataFormat(RNNFormat.NWC).build(),
                Map.of("W", s.weight("embeddings")));
    }
}
