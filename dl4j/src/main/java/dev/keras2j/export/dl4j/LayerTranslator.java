package dev.keras2j.export.dl4j;

import dev.keras2j.model.CheckedLayer;
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
        if (layer.node().inbound().size() != 1) {
            throw refuse(spec, "layers with " + layer.node().inbound().size() + " inputs have no DL4J export");
        }
        String input = plan.producer(layer.node().inbound().get(0));
        if (spec instanceof DenseSpec d) {
            dense(d, layer, input);
        } else {
            throw refuse(spec, "the DL4J export does not support " + spec.className() + " layers");
        }
    }

    static UnsupportedModelException refuse(LayerSpec spec, String why) {
        return new UnsupportedModelException(spec.describe() + ": " + why);
    }

    private void addLayer(CheckedLayer layer, String input, org.deeplearning4j.nn.conf.layers.Layer dl4j,
                          Map<String, INDArray> params) {
        plan.addLayer(layer.name(), input, dl4j, null, params);
        plan.produces(layer.name(), layer.name());
    }

    private void dense(DenseSpec d, CheckedLayer layer, String input) {
        Shape in = layer.inputShape();
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

    private static void bias(boolean useBias, CheckedLayer layer, Map<String, INDArray> params) {
        if (useBias) {
            params.put("b", Nd4jArrays.toNd4j(layer.weight("bias")));
        }
    }
}
