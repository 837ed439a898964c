package dev.keras2j.export.dl4j;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;
import dev.keras2j.model.UnsupportedModelException;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Keras layer being translated: where its inputs are in the DL4J network and in which layout, and
 * the plan that receives the DL4J nodes it becomes. The layer's own node is named after the layer; helper
 * nodes (layout changes, reversals) get the layer's name with a suffix.
 */
final class LayerStep {
    private final CheckedLayer layer;
    private final NetworkPlan plan;
    private boolean outputChannelsFirst;

    LayerStep(CheckedLayer layer, NetworkPlan plan) {
        this.layer = layer;
        this.plan = plan;
        this.outputChannelsFirst = !layer.node().inbound().isEmpty() && plan.channelsFirst(layer.node().inbound().get(0));
    }

    CheckedLayer layer() {
        return layer;
    }

    LayerSpec spec() {
        return layer.spec();
    }

    /** The (single) input shape, without batch. */
    Shape in() {
        return layer.inputShape();
    }

    /** The DL4J node holding the layer's single input. */
    String input() {
        return plan.producer(layer.node().inbound().get(0));
    }

    /** The DL4J nodes holding each of the layer's inputs. */
    List<String> inputs() {
        List<String> out = new ArrayList<>();
        for (String in : layer.node().inbound()) {
            out.add(plan.producer(in));
        }
        return out;
    }

    /** Whether Keras input {@code i} is an image or sequence stored channels-first in the DL4J network. */
    boolean channelsFirst(int i) {
        return plan.channelsFirst(layer.node().inbound().get(i));
    }

    /** Whether the layer's (first) input is stored channels-first. */
    boolean cf() {
        return channelsFirst(0);
    }

    /** Whether the model's images and sequences are stored channels-first (one layout per model). */
    boolean channelsFirstModel() {
        return plan.channelsFirstModel;
    }

    /** Declares the layout of the layer's output (by default that of its input). */
    void outputChannelsFirst(boolean value) {
        outputChannelsFirst = value;
    }

    boolean outputChannelsFirst() {
        return outputChannelsFirst && layer.outputShape().rank() >= 2;
    }

    /** Adds the layer's DL4J layer, reading the layer's single input. */
    void add(Layer dl4j, Map<String, INDArray> params) {
        add(input(), dl4j, null, params);
    }

    /** Adds the layer's DL4J layer reading {@code from}, through an optional preprocessor. */
    void add(String from, Layer dl4j, InputPreProcessor pre, Map<String, INDArray> params) {
        plan.addLayer(layer.name(), from, dl4j, pre, params);
        plan.madeFor.put(layer.name(), layer.spec().describe());
        plan.produces(layer.name(), layer.name());
    }

    /** Adds the layer's DL4J vertex. */
    void addVertex(List<String> from, GraphVertex vertex) {
        plan.addVertex(layer.name(), from, vertex);
        plan.madeFor.put(layer.name(), layer.spec().describe());
        plan.produces(layer.name(), layer.name());
    }

    /** Adds a helper layer {@code <layer>_<suffix>} (no parameters) and returns its name. */
    String helper(String suffix, String from, Layer dl4j, InputPreProcessor pre) {
        String name = layer.name() + "_" + suffix;
        plan.addLayer(name, from, dl4j, pre, Map.of());
        plan.madeFor.put(name, layer.spec().describe());
        return name;
    }

    /** Adds a helper vertex {@code <layer>_<suffix>} and returns its name. */
    String helperVertex(String suffix, String from, GraphVertex vertex) {
        String name = layer.name() + "_" + suffix;
        plan.addVertex(name, List.of(from), vertex);
        plan.madeFor.put(name, layer.spec().describe());
        return name;
    }

    /** Declares that DL4J node {@code node} holds the layer's output. */
    void producedBy(String node) {
        plan.produces(layer.name(), node);
    }

    /** The layer computes the identity at inference: its output is its input. */
    void passThrough() {
        producedBy(input());
    }

    /** The weight {@code name} of the layer in ND4J form. */
    INDArray weight(String name) {
        return Nd4jArrays.toNd4j(layer.weight(name));
    }

    /** Adds the bias {@code b} to {@code params} when the layer has one. */
    void bias(boolean useBias, Map<String, INDArray> params) {
        if (useBias) {
            params.put("b", weight("bias"));
        }
    }

    UnsupportedModelException refuse(String why) {
        return LayerTranslator.refuse(layer.spec(), why);
    }

    /** The axis (with batch) DL4J treats as features for a tensor of this example shape and layout. */
    static int featureAxis(Shape s, boolean cf) {
        return s.rank() == 0 ? 0 : cf ? 1 : s.rank();
    }

    /** Refuses when the input is channels-first, which DL4J's recurrent layers would read transposed. */
    void requireFeaturesLast() {
        if (cf()) {
            throw refuse("its input is a channels_first tensor, which DL4J's recurrent layers would read"
                    + " with time and features swapped");
        }
    }
}
