package dev.keras2j.export.dl4j;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DL4J network being assembled from a Keras model: DL4J inputs, layers and vertices with the weights
 * to load into them, and which DL4J node now holds each Keras tensor.
 */
final class NetworkPlan {
    /**
     * One DL4J graph node: a layer (with an optional preprocessor in front) or a vertex.
     *
     * @param params parameter key to value in DL4J's layout, loaded after {@code init()}
     */
    record Node(String name, List<String> inputs, Layer layer, InputPreProcessor preProcessor, GraphVertex vertex,
                Map<String, INDArray> params) {
    }

    final List<String> inputNames = new ArrayList<>();
    final List<InputType> inputTypes = new ArrayList<>();
    final List<Node> nodes = new ArrayList<>();
    final List<String> outputs = new ArrayList<>();
    private final Map<String, String> producers = new HashMap<>();
    private final Map<String, Boolean> channelsFirst = new HashMap<>();
    /** Whether the model's images and sequences are channels-first (NCHW / NCW) in the DL4J network. */
    boolean channelsFirstModel;
    /** The Keras layer ({@code name (Class)}) that each DL4J node was made for, for refusals after the build. */
    final Map<String, String> madeFor = new HashMap<>();

    void addInput(String name, InputType type) {
        inputNames.add(name);
        inputTypes.add(type);
        producers.put(name, name);
    }

    /** Whether Keras tensor {@code kerasName} is an image or sequence stored channels-first. */
    boolean channelsFirst(String kerasName) {
        return channelsFirst.getOrDefault(kerasName, false);
    }

    void setChannelsFirst(String kerasName, boolean value) {
        channelsFirst.put(kerasName, value);
    }

    /** The DL4J node that produces the Keras tensor (layer output or model input) {@code kerasName}. */
    String producer(String kerasName) {
        String p = producers.get(kerasName);
        if (p == null) {
            throw new IllegalStateException("no DL4J node holds " + kerasName);
        }
        return p;
    }

    /** Records that Keras tensor {@code kerasName} is the output of DL4J node {@code dl4jNode}. */
    void produces(String kerasName, String dl4jNode) {
        producers.put(kerasName, dl4jNode);
    }

    void addLayer(String name, String input, Layer layer, InputPreProcessor pre, Map<String, INDArray> params) {
        layer.setLayerName(name);
        nodes.add(new Node(name, List.of(input), layer, pre, null, new LinkedHashMap<>(params)));
    }

    void addVertex(String name, List<String> inputs, GraphVertex vertex) {
        nodes.add(new Node(name, List.copyOf(inputs), null, null, vertex, Map.of()));
    }

    /** True when the plan is a single chain of layers, which a MultiLayerNetwork can hold. */
    boolean isChain() {
        if (inputNames.size() != 1 || outputs.size() != 1 || nodes.isEmpty()) {
            return false;
        }
        String previous = inputNames.get(0);
        for (Node n : nodes) {
            if (n.layer() == null || n.inputs().size() != 1 || !n.inputs().get(0).equals(previous)) {
                return false;
            }
            previous = n.name();
        }
        return outputs.get(0).equals(previous);
    }
}
