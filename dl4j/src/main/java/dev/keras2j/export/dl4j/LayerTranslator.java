package dev.keras2j.export.dl4j;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.ActivationSpec;
import dev.keras2j.model.layer.ActivationLayerSpec;
import dev.keras2j.model.layer.BatchNormalizationSpec;
import dev.keras2j.model.layer.BidirectionalSpec;
import dev.keras2j.model.layer.ConvSpec;
import dev.keras2j.model.layer.CroppingSpec;
import dev.keras2j.model.layer.DataFormat;
import dev.keras2j.model.layer.EmbeddingSpec;
import dev.keras2j.model.layer.FlattenSpec;
import dev.keras2j.model.layer.GlobalPoolingSpec;
import dev.keras2j.model.layer.InferenceIdentitySpec;
import dev.keras2j.model.layer.LstmSpec;
import dev.keras2j.model.layer.Padding;
import dev.keras2j.model.layer.PoolMode;
import dev.keras2j.model.layer.PoolingSpec;
import dev.keras2j.model.layer.MergeSpec;
import dev.keras2j.model.layer.PReLUSpec;
import dev.keras2j.model.layer.RecurrentSpec;
import dev.keras2j.model.layer.RepeatVectorSpec;
import dev.keras2j.model.layer.SimpleRnnSpec;
import dev.keras2j.model.layer.SlidingWindowSpec;
import dev.keras2j.model.layer.SoftmaxSpec;
import dev.keras2j.model.layer.TimeDistributedSpec;
import dev.keras2j.model.layer.UpSamplingSpec;
import dev.keras2j.model.layer.ZeroPaddingSpec;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling1D;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.ZeroPadding1DLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping1D;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.conf.layers.misc.RepeatVector;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import java.util.Arrays;
import java.util.List;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.model.layer.DenseSpec;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.TimeDistributed;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Translates each Keras layer into DL4J layers, vertices and preprocessors, with its weights converted to
 * DL4J's parameter layout. Every translation is exact or refused.
 */
final class LayerTranslator {
    private final NetworkPlan plan;

    LayerTranslator(NetworkPlan plan) {
        this.plan = plan;
    }

    void translate(CheckedLayer layer) {
        LayerSpec spec = layer.spec();
        String reason = spec.unsupportedReason();
        if (reason != null) {
            throw refuse(spec, reason);
        }
        if (spec instanceof MergeSpec m) {
            merge(m, layer);
            return;
        }
        if (layer.node().inbound().size() != 1) {
            throw refuse(spec, "layers with " + layer.node().inbound().size() + " inputs have no DL4J export");
        }
        String input = plan.producer(layer.node().inbound().get(0));
        boolean cf = plan.channelsFirst(layer.node().inbound().get(0));
        if (spec instanceof SlidingWindowSpec w && layer.inputShape().rank() >= 2
                && (w.dataFormat() == DataFormat.CHANNELS_FIRST) != cf) {
            throw refuse(spec, "data_format " + w.dataFormat().kerasName() + " differs from the layout of its input"
                    + " in the DL4J network (one data format per model is supported)");
        }
        boolean outCf = cf;
        if (spec instanceof DenseSpec d) {
            dense(d, layer, input, cf);
        } else if (spec instanceof InferenceIdentitySpec) {
            // Dropout, noise and regularization layers are the identity at inference.
            plan.produces(layer.name(), input);
        } else if (spec instanceof ActivationLayerSpec a) {
            activationLayer(layer, input, a.activation(), cf);
        } else if (spec instanceof SoftmaxSpec s) {
            int[] axes = s.resolvedAxes(layer.inputShape());
            if (axes.length != 1 || axes[0] != featureAxis(layer.inputShape(), cf)) {
                throw refuse(spec, "softmax over axes " + Arrays.toString(s.axes()) + ": DL4J normalizes over the"
                        + " feature axis only");
            }
            activationLayer(layer, input, ActivationSpec.of(ActivationSpec.Kind.SOFTMAX), cf);
        } else if (spec instanceof PReLUSpec p) {
            prelu(p, layer, input);
        } else if (spec instanceof FlattenSpec f) {
            outCf = false;
            flatten(f, layer, input, cf);
        } else if (spec instanceof ConvSpec c) {
            conv(c, layer, input, cf);
        } else if (spec instanceof PoolingSpec p) {
            pooling(p, layer, input, cf);
        } else if (spec instanceof GlobalPoolingSpec g) {
            outCf = false;
            globalPooling(g, layer, input, cf);
        } else if (spec instanceof BatchNormalizationSpec b) {
            batchNorm(b, layer, input, cf);
        } else if (spec instanceof ZeroPaddingSpec z) {
            zeroPadding(z, layer, input, cf);
        } else if (spec instanceof CroppingSpec c) {
            cropping(c, layer, input, cf);
        } else if (spec instanceof UpSamplingSpec u) {
            upSampling(u, layer, input, cf);
        } else if (spec instanceof LstmSpec || spec instanceof SimpleRnnSpec) {
            requireFeaturesLast(spec, cf);
            RecurrentSpec r = (RecurrentSpec) spec;
            Map<String, INDArray> params = new LinkedHashMap<>();
            org.deeplearning4j.nn.conf.layers.Layer rnn = recurrent(r, layer.inputShape(), layer, "", "", params);
            addLayer(layer, input, r.returnSequences() ? rnn : new LastTimeStep(rnn), params);
        } else if (spec instanceof BidirectionalSpec b) {
            requireFeaturesLast(spec, cf);
            bidirectional(b, layer, input);
        } else if (spec instanceof EmbeddingSpec e) {
            embedding(e, layer, input);
        } else if (spec instanceof RepeatVectorSpec r) {
            addLayer(layer, input, new RepeatVector.Builder(r.n()).dataFormat(RNNFormat.NWC).build(), Map.of());
        } else if (spec instanceof TimeDistributedSpec t) {
            requireFeaturesLast(spec, cf);
            timeDistributed(t, layer, input);
        } else {
            throw refuse(spec, unsupportedWhy(spec));
        }
        plan.setChannelsFirst(layer.name(), outCf && layer.outputShape().rank() >= 2);
    }

    private static String unsupportedWhy(LayerSpec spec) {
        return switch (spec.className()) {
            case "GRU" -> "DL4J has no GRU layer";
            case "Masking" -> "masks are not exported: DL4J networks take no Keras-style mask from a layer";
            case "Reshape", "Permute" -> spec.className() + " has no exact DL4J layer in a MultiLayerNetwork or"
                    + " ComputationGraph that keeps Keras's layout";
            case "LayerNormalization", "UnitNormalization" -> "DL4J has no " + spec.className() + " layer";
            default -> "the DL4J export does not support " + spec.className() + " layers";
        };
    }

    static UnsupportedModelException refuse(LayerSpec spec, String why) {
        return new UnsupportedModelException(spec.describe() + ": " + why);
    }

    private void addLayer(CheckedLayer layer, String input, org.deeplearning4j.nn.conf.layers.Layer dl4j,
                          Map<String, INDArray> params) {
        plan.addLayer(layer.name(), input, dl4j, null, params);
        plan.produces(layer.name(), layer.name());
    }

    private void dense(DenseSpec d, CheckedLayer layer, String input, boolean cf) {
        Shape in = layer.inputShape();
        if (cf && in.rank() >= 2) {
            throw refuse(d, "Dense over the last axis of a channels_first tensor has no DL4J export");
        }
        int nIn = in.last();
        IActivation act = Dl4jActivations.map(d.activation(), d.describe());
        INDArray kernel = Nd4jArrays.toNd4j(layer.weight("kernel"));
        Map<String, INDArray> params = new LinkedHashMap<>();
        switch (in.rank()) {
            case 1 -> {
                params.put("W", kernel);
                bias(d.useBias(), layer, params);
                addLayer(layer, input, new DenseLayer.Builder().nIn(nIn).nOut(d.units()).hasBias(d.useBias())
                        .activation(act).build(), params);
            }
            case 2 -> {
                // Keras applies Dense to every timestep; DL4J's TimeDistributed does the same on NWC data.
                params.put("W", kernel);
                bias(d.useBias(), layer, params);
                DenseLayer inner = new DenseLayer.Builder().nIn(nIn).nOut(d.units()).hasBias(d.useBias())
                        .activation(act).build();
                addLayer(layer, input, new TimeDistributed(inner, RNNFormat.NWC), params);
            }
            case 3 -> {
                if (d.activation().kind() == dev.keras2j.model.ActivationSpec.Kind.SOFTMAX) {
                    throw refuse(d, "softmax over the channels of an image-shaped input has no verified DL4J export");
                }
                // Dense over the channels of an NHWC image is a 1x1 convolution.
                params.put("W", kernel.permute(1, 0).dup('c').reshape('c', d.units(), nIn, 1, 1));
                bias(d.useBias(), layer, params);
                addLayer(layer, input, new ConvolutionLayer.Builder(1, 1).stride(1, 1).nIn(nIn).nOut(d.units())
                        .convolutionMode(ConvolutionMode.Truncate).dataFormat(CNN2DFormat.NHWC)
                        .hasBias(d.useBias()).activation(act).build(), params);
            }
            default -> throw refuse(d, "input " + in.toKerasString() + ": the DL4J export supports Dense on inputs"
                    + " of rank 1 to 3 (without batch)");
        }
    }

    /** The axis (with batch) DL4J treats as features for a tensor of this example shape and layout. */
    private static int featureAxis(Shape s, boolean cf) {
        return s.rank() == 0 ? 0 : cf ? 1 : s.rank();
    }

    private static void requireFeaturesLast(LayerSpec spec, boolean cf) {
        if (cf) {
            throw refuse(spec, "its input is a channels_first tensor, which DL4J's recurrent layers would read"
                    + " with time and features swapped");
        }
    }

    private void activationLayer(CheckedLayer layer, String input, ActivationSpec act, boolean cf) {
        ActivationLayer dl4j = new ActivationLayer.Builder().activation(Dl4jActivations.map(act, layer.spec().describe()))
                .build();
        if (act.kind() == ActivationSpec.Kind.SOFTMAX && layer.inputShape().rank() > 1) {
            if (layer.inputShape().rank() != 2 || cf) {
                throw refuse(layer.spec(), "softmax over the last axis of a " + layer.inputShape().toKerasString()
                        + " input: DL4J normalizes rows of matrices and sequences (features last) only");
            }
            // Per timestep: TimeDistributed hands the softmax [batch * time, features] rows.
            addLayer(layer, input, new TimeDistributed(dl4j, RNNFormat.NWC), Map.of());
            return;
        }
        addLayer(layer, input, dl4j, Map.of());
    }

    private void merge(MergeSpec m, CheckedLayer layer) {
        if (m.operands() != null) {
            throw refuse(m, "a Keras operation node with number operands has no exact DL4J vertex");
        }
        List<String> inbound = layer.node().inbound();
        boolean cf = plan.channelsFirst(inbound.get(0));
        List<String> inputs = new java.util.ArrayList<>();
        for (String in : inbound) {
            if (plan.channelsFirst(in) != cf) {
                throw refuse(m, "its inputs have different layouts in the DL4J network");
            }
            inputs.add(plan.producer(in));
        }
        GraphVertex vertex;
        if (m.op() == MergeSpec.Op.CONCATENATE) {
            Shape first = layer.inputShapes().get(0);
            int axis = m.exampleAxis(first.rank()) + 1;
            if (axis != featureAxis(first, cf)) {
                throw refuse(m, "concatenation along axis " + m.axis() + ": DL4J's MergeVertex concatenates"
                        + " features (the channel axis of images and sequences) only");
            }
            MergeVertex merge = new MergeVertex();
            merge.setMergeAxis(axis);
            vertex = merge;
        } else {
            for (Shape s : layer.inputShapes()) {
                if (!s.equals(layer.inputShapes().get(0))) {
                    throw refuse(m, "inputs of shapes " + layer.inputShapes() + ": DL4J's ElementWiseVertex does not"
                            + " broadcast");
                }
            }
            ElementWiseVertex.Op op = switch (m.op()) {
                case ADD -> ElementWiseVertex.Op.Add;
                case SUBTRACT -> ElementWiseVertex.Op.Subtract;
                case MULTIPLY -> ElementWiseVertex.Op.Product;
                case AVERAGE -> ElementWiseVertex.Op.Average;
                case MAXIMUM -> ElementWiseVertex.Op.Max;
                default -> throw refuse(m, "DL4J's ElementWiseVertex has no " + m.op().name().toLowerCase(
                        java.util.Locale.ROOT) + " operation");
            };
            vertex = new ElementWiseVertex(op);
        }
        plan.addVertex(layer.name(), inputs, vertex);
        plan.produces(layer.name(), layer.name());
        plan.setChannelsFirst(layer.name(), cf && layer.outputShape().rank() >= 2);
    }

    private void prelu(PReLUSpec p, CheckedLayer layer, String input) {
        Shape in = layer.inputShape();
        long[] shape = Arrays.stream(in.dims()).asLongStream().toArray();
        long[] shared = Arrays.stream(p.sharedAxes()).asLongStream().toArray();
        // The tensor is in Keras's layout, so Keras's alpha broadcasts onto it unchanged.
        PReLULayer.Builder b = new PReLULayer.Builder().inputShape(shape);
        if (shared.length > 0) {
            b.sharedAxes(shared);
        }
        addLayer(layer, input, b.build(), Map.of("W", Nd4jArrays.toNd4j(layer.weight("alpha"))));
    }

    private void flatten(FlattenSpec f, CheckedLayer layer, String input, boolean cf) {
        Shape in = layer.inputShape();
        if (in.rank() <= 1) {
            plan.produces(layer.name(), input);
            return;
        }
        if (in.rank() != 3) {
            throw refuse(f, "flattening a " + in.toKerasString() + " input has no DL4J export (only images)");
        }
        if (f.channelsFirst() != cf) {
            throw refuse(f, "data_format " + (f.channelsFirst() ? "channels_first" : "channels_last")
                    + " flattens in another order than the tensor's layout in the DL4J network");
        }
        // Keras flattens the stored order, which DL4J's CNN-to-dense preprocessor keeps for the stated format.
        CNN2DFormat fmt = cf ? CNN2DFormat.NCHW : CNN2DFormat.NHWC;
        int h = cf ? in.dim(1) : in.dim(0);
        int w = cf ? in.dim(2) : in.dim(1);
        int c = cf ? in.dim(0) : in.dim(2);
        plan.addLayer(layer.name(), input, new ActivationLayer.Builder().activation(new ActivationIdentity()).build(),
                new CnnToFeedForwardPreProcessor(h, w, c, fmt), Map.of());
        plan.produces(layer.name(), layer.name());
    }

    private static ConvolutionMode mode(LayerSpec spec, Padding p) {
        return switch (p) {
            case VALID -> ConvolutionMode.Truncate;
            case SAME -> ConvolutionMode.Same;
            case CAUSAL -> ConvolutionMode.Causal;
        };
    }

    private void conv(ConvSpec c, CheckedLayer layer, String input, boolean cf) {
        if (c.groups() != 1) {
            throw refuse(c, "groups=" + c.groups() + ": DL4J has no grouped convolution");
        }
        IActivation act = Dl4jActivations.map(c.activation(), c.describe());
        INDArray kernel = Nd4jArrays.toNd4j(layer.weight("kernel"));
        Map<String, INDArray> params = new LinkedHashMap<>();
        int nIn = layer.inputShape().dim(cf ? 0 : -1);
        if (c.rank() == 2) {
            // Keras [kh, kw, in, out]; DL4J [out, in, kh, kw] whatever the data format.
            params.put("W", kernel.permute(3, 2, 0, 1).dup('c'));
            bias(c.useBias(), layer, params);
            addLayer(layer, input, new ConvolutionLayer.Builder(c.kernelSize()).stride(c.strides())
                    .dilation(c.dilationRate()).convolutionMode(mode(c, c.padding())).nIn(nIn).nOut(c.filters())
                    .dataFormat(cf ? CNN2DFormat.NCHW : CNN2DFormat.NHWC).hasBias(c.useBias()).activation(act)
                    .build(), params);
        } else {
            // DL4J M2.1 declares W as [out, in, k, 1] but its 1D convolution reads the buffer in Keras's
            // [k, in, out] order, so the Keras kernel is stored unpermuted.
            int k = c.kernelSize()[0];
            params.put("W", kernel.dup('c').reshape('c', c.filters(), nIn, k, 1));
            bias(c.useBias(), layer, params);
            addLayer(layer, input, new Convolution1DLayer.Builder(k, c.strides()[0]).dilation(c.dilationRate()[0])
                    .convolutionMode(mode(c, c.padding())).nIn(nIn).nOut(c.filters())
                    .rnnDataFormat(cf ? RNNFormat.NCW : RNNFormat.NWC).hasBias(c.useBias()).activation(act)
                    .build(), params);
        }
    }

    private void pooling(PoolingSpec p, CheckedLayer layer, String input, boolean cf) {
        PoolingType type = p.mode() == PoolMode.MAX ? PoolingType.MAX : PoolingType.AVG;
        if (p.rank() == 2) {
            addLayer(layer, input, new SubsamplingLayer.Builder(type).kernelSize(p.poolSize()).stride(p.strides())
                    .convolutionMode(mode(p, p.padding())).avgPoolIncludePadInDivisor(false)
                    .dataFormat(cf ? CNN2DFormat.NCHW : CNN2DFormat.NHWC).build(), Map.of());
        } else {
            if (!cf) {
                throw refuse(p, "DL4J's 1D pooling computes on channels-first sequences only");
            }
            Subsampling1DLayer pool = new Subsampling1DLayer.Builder(type).kernelSize(p.poolSize()[0])
                    .stride(p.strides()[0]).convolutionMode(mode(p, p.padding())).avgPoolIncludePadInDivisor(false)
                    .build();
            // DL4J M2.1's Subsampling1DLayer builder drops the pooling type (always MAX); set it on the layer.
            pool.setPoolingType(type);
            addLayer(layer, input, pool, Map.of());
        }
    }

    private void globalPooling(GlobalPoolingSpec g, CheckedLayer layer, String input, boolean cf) {
        if (g.keepDims()) {
            throw refuse(g, "keepdims=True: DL4J's global pooling keeps the pooled axes in another order");
        }
        // g.usesMask() does not matter: every layer that produces a mask (Masking, mask_zero) is refused.
        int[] dims = g.rank() == 2 ? (cf ? new int[] {2, 3} : new int[] {1, 2}) : (cf ? new int[] {2} : new int[] {1});
        addLayer(layer, input, new GlobalPoolingLayer.Builder(g.mode() == PoolMode.MAX ? PoolingType.MAX : PoolingType.AVG)
                .poolingDimensions(dims).collapseDimensions(true).build(), Map.of());
    }

    private void batchNorm(BatchNormalizationSpec b, CheckedLayer layer, String input, boolean cf) {
        Shape in = layer.inputShape();
        int axis = b.resolvedAxis(in);
        if (axis != featureAxis(in, cf) || in.rank() == 2) {
            throw refuse(b, "normalizing axis " + b.axis() + " of a " + in.toKerasString() + " input: DL4J's"
                    + " BatchNormalization normalizes the features of dense inputs and the channels of images only");
        }
        int n = in.dim(axis - 1);
        Map<String, INDArray> params = new LinkedHashMap<>();
        params.put("gamma", b.scale() ? Nd4jArrays.toNd4j(layer.weight("gamma")) : Nd4j.ones(DataType.FLOAT, n));
        params.put("beta", b.center() ? Nd4jArrays.toNd4j(layer.weight("beta")) : Nd4j.zeros(DataType.FLOAT, n));
        params.put("mean", Nd4jArrays.toNd4j(layer.weight("moving_mean")));
        params.put("var", Nd4jArrays.toNd4j(layer.weight("moving_variance")));
        addLayer(layer, input, new BatchNormalization.Builder().nIn(n).nOut(n).eps(b.epsilon()).useLogStd(false)
                .dataFormat(cf ? CNN2DFormat.NCHW : CNN2DFormat.NHWC).build(), params);
    }

    private void zeroPadding(ZeroPaddingSpec z, CheckedLayer layer, String input, boolean cf) {
        int[][] p = z.padding();
        if (z.rank() == 2) {
            addLayer(layer, input, new ZeroPaddingLayer.Builder(p[0][0], p[0][1], p[1][0], p[1][1])
                    .dataFormat(cf ? CNN2DFormat.NCHW : CNN2DFormat.NHWC).build(), Map.of());
        } else {
            if (!cf) {
                throw refuse(z, "DL4J's ZeroPadding1DLayer pads channels-first sequences only");
            }
            addLayer(layer, input, new ZeroPadding1DLayer.Builder(p[0][0], p[0][1]).build(), Map.of());
        }
    }

    private void cropping(CroppingSpec c, CheckedLayer layer, String input, boolean cf) {
        int[][] p = c.cropping();
        if (c.rank() == 2) {
            addLayer(layer, input, new Cropping2D.Builder(p[0][0], p[0][1], p[1][0], p[1][1])
                    .dataFormat(cf ? CNN2DFormat.NCHW : CNN2DFormat.NHWC).build(), Map.of());
        } else {
            if (!cf) {
                throw refuse(c, "DL4J's Cropping1D crops channels-first sequences only");
            }
            addLayer(layer, input, new Cropping1D.Builder(p[0][0], p[0][1]).build(), Map.of());
        }
    }

    private void upSampling(UpSamplingSpec u, CheckedLayer layer, String input, boolean cf) {
        if (u.interpolation() != UpSamplingSpec.Interpolation.NEAREST) {
            throw refuse(u, "interpolation '" + u.interpolation().name().toLowerCase(java.util.Locale.ROOT)
                    + "': DL4J upsamples by repetition (nearest) only");
        }
        if (u.rank() == 2) {
            addLayer(layer, input, new Upsampling2D.Builder().size(u.size())
                    .dataFormat(cf ? CNN2DFormat.NCHW : CNN2DFormat.NHWC).build(), Map.of());
        } else {
            if (!cf) {
                throw refuse(u, "DL4J's Upsampling1D repeats channels-first sequences only");
            }
            addLayer(layer, input, new Upsampling1D.Builder().size(u.size()[0]).build(), Map.of());
        }
    }

    /**
     * A DL4J recurrent layer for a Keras SimpleRNN or LSTM, with its parameters (keys prefixed for
     * Bidirectional) added to {@code params}.
     *
     * @param weightPrefix prefix of the Keras weight names ({@code forward_} inside Bidirectional)
     */
    private static org.deeplearning4j.nn.conf.layers.Layer recurrent(RecurrentSpec r, Shape in, CheckedLayer layer,
            String weightPrefix, String paramPrefix, Map<String, INDArray> params) {
        if (r.goBackwards()) {
            throw refuse(r, "go_backwards=True has no DL4J equivalent outside Bidirectional");
        }
        int nIn = r.inputFeatures(in);
        int u = r.units();
        INDArray kernel = Nd4jArrays.toNd4j(layer.weight(weightPrefix + "kernel"));
        INDArray recurrent = Nd4jArrays.toNd4j(layer.weight(weightPrefix + "recurrent_kernel"));
        INDArray bias = r.useBias() ? Nd4jArrays.toNd4j(layer.weight(weightPrefix + "bias"))
                : Nd4j.zeros(DataType.FLOAT, (long) r.gates() * u);
        IActivation act = Dl4jActivations.map(r.activation(), r.describe());
        if (r instanceof LstmSpec lstm) {
            // DL4J's LSTM lays its gate blocks out as [block input, forget, output, input].
            List<String> order = List.of("c", "f", "o", "i");
            params.put(paramPrefix + "W", gates(kernel, r, order, u));
            params.put(paramPrefix + "RW", gates(recurrent, r, order, u));
            params.put(paramPrefix + "b", gates(bias.reshape(1, bias.length()), r, order, u));
            return new LSTM.Builder().nIn(nIn).nOut(u).activation(act).weightInit(WeightInit.ZERO)
                    .weightInitRecurrent(WeightInit.ZERO)
                    .gateActivationFunction(Dl4jActivations.map(lstm.recurrentActivation(), r.describe()))
                    .dataFormat(RNNFormat.NWC).build();
        }
        params.put(paramPrefix + "W", kernel);
        params.put(paramPrefix + "RW", recurrent);
        params.put(paramPrefix + "b", bias);
        // Weights are initialized explicitly: wrappers (Bidirectional of LastTimeStep) do not pass the
        // network's default initializer down; the file's weights replace them anyway.
        return new SimpleRnn.Builder().nIn(nIn).nOut(u).activation(act).weightInit(WeightInit.ZERO)
                .weightInitRecurrent(WeightInit.ZERO).dataFormat(RNNFormat.NWC).build();
    }

    /** The columns of {@code m} (gate blocks of width {@code u} in Keras's order) rearranged into {@code order}. */
    private static INDArray gates(INDArray m, RecurrentSpec r, List<String> order, int u) {
        List<String> keras = r.gateOrder();
        INDArray[] blocks = new INDArray[order.size()];
        for (int i = 0; i < order.size(); i++) {
            int k = keras.indexOf(order.get(i));
            if (k < 0) {
                throw new IllegalStateException(r.describe() + ": no gate " + order.get(i) + " in " + keras);
            }
            blocks[i] = m.get(NDArrayIndex.all(), NDArrayIndex.interval((long) k * u, (long) (k + 1) * u));
        }
        return Nd4j.hstack(blocks).dup('c');
    }

    private void bidirectional(BidirectionalSpec b, CheckedLayer layer, String input) {
        RecurrentSpec f = b.forward();
        RecurrentSpec bw = b.backward();
        if (!(f instanceof LstmSpec || f instanceof SimpleRnnSpec) || f.getClass() != bw.getClass()) {
            throw refuse(b, "DL4J's Bidirectional wraps one LSTM or SimpleRNN configuration for both directions");
        }
        if (f.units() != bw.units() || !f.activation().equals(bw.activation()) || f.useBias() != bw.useBias()
                || (f instanceof LstmSpec lf && !lf.recurrentActivation().equals(((LstmSpec) bw).recurrentActivation()))) {
            throw refuse(b, "the forward and backward layers differ; DL4J's Bidirectional uses one configuration");
        }
        if (!bw.goBackwards()) {
            throw refuse(b, "the backward layer does not run backwards (go_backwards=False)");
        }
        Bidirectional.Mode mode = switch (b.mergeMode()) {
            case CONCAT -> Bidirectional.Mode.CONCAT;
            case SUM -> Bidirectional.Mode.ADD;
            case MUL -> Bidirectional.Mode.MUL;
            case AVE -> Bidirectional.Mode.AVERAGE;
            default -> throw refuse(b, "merge_mode " + b.mergeMode() + " has no DL4J equivalent");
        };
        Map<String, INDArray> params = new LinkedHashMap<>();
        RecurrentSpec fwdUnreversed = f;
        org.deeplearning4j.nn.conf.layers.Layer rnn = recurrent(fwdUnreversed, layer.inputShape(), layer, "forward_", "f",
                params);
        Map<String, INDArray> backward = new LinkedHashMap<>();
        recurrentBackward(bw, layer, backward);
        params.putAll(backward);
        addLayer(layer, input, new Bidirectional(mode, b.returnSequences() ? rnn : new LastTimeStep(rnn)), params);
    }

    private static void recurrentBackward(RecurrentSpec bw, CheckedLayer layer, Map<String, INDArray> params) {
        int u = bw.units();
        INDArray kernel = Nd4jArrays.toNd4j(layer.weight("backward_kernel"));
        INDArray recurrent = Nd4jArrays.toNd4j(layer.weight("backward_recurrent_kernel"));
        INDArray bias = bw.useBias() ? Nd4jArrays.toNd4j(layer.weight("backward_bias"))
                : Nd4j.zeros(DataType.FLOAT, (long) bw.gates() * u);
        if (bw instanceof LstmSpec) {
            List<String> order = List.of("c", "f", "o", "i");
            params.put("bW", gates(kernel, bw, order, u));
            params.put("bRW", gates(recurrent, bw, order, u));
            params.put("bb", gates(bias.reshape(1, bias.length()), bw, order, u));
        } else {
            params.put("bW", kernel);
            params.put("bRW", recurrent);
            params.put("bb", bias);
        }
    }

    private void embedding(EmbeddingSpec e, CheckedLayer layer, String input) {
        if (e.maskZero()) {
            throw refuse(e, "mask_zero=True: the exported network would not mask the padded timesteps");
        }
        Shape in = layer.inputShape();
        if (in.rank() != 1 || in.dim(0) == Shape.UNKNOWN) {
            throw refuse(e, "input " + in.toKerasString() + ": the DL4J export embeds fixed-length id sequences only");
        }
        addLayer(layer, input, new EmbeddingSequenceLayer.Builder().nIn(e.inputDim()).nOut(e.outputDim())
                .inferInputLength(false)
                .inputLength(in.dim(0)).hasBias(false).outputDataFormat(RNNFormat.NWC).build(),
                Map.of("W", Nd4jArrays.toNd4j(layer.weight("embeddings"))));
    }

    private void timeDistributed(TimeDistributedSpec t, CheckedLayer layer, String input) {
        if (!(t.layer() instanceof DenseSpec d) || layer.inputShape().rank() != 2) {
            throw refuse(t, "TimeDistributed(" + t.layer().className() + ") over " + layer.inputShape().toKerasString()
                    + ": the DL4J export supports TimeDistributed(Dense) over sequences only");
        }
        // TimeDistributed(Dense) over (time, features) is Dense over the last axis.
        dense(d, layer, input, false);
    }

    private static void bias(boolean useBias, CheckedLayer layer, Map<String, INDArray> params) {
        if (useBias) {
            params.put("b", Nd4jArrays.toNd4j(layer.weight("bias")));
        }
    }
}
