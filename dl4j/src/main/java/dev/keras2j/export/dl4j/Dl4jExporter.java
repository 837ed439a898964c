package dev.keras2j.export.dl4j;

import dev.keras2j.container.AtomicFile;
import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.InputSpec;
import dev.keras2j.model.Shape;
import dev.keras2j.model.TensorRef;
import dev.keras2j.model.layer.BidirectionalSpec;
import dev.keras2j.model.layer.RecurrentSpec;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.model.layer.DataFormat;
import dev.keras2j.model.layer.SlidingWindowSpec;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.Convolution1DUtils;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Exports a checked Keras model to a Deeplearning4j network, built layer by layer from keras2j's model
 * description (not by DL4J's Keras importer), and saves it with DL4J's {@code ModelSerializer}.
 *
 * <p>The exported network takes its input in Keras's layout (features last: {@code [batch, features]},
 * {@code [batch, time, features]}, {@code [batch, height, width, channels]}) and returns Keras's output
 * layout; DL4J layers are configured for the NWC/NHWC formats where they compute in another layout by
 * default. A layer DL4J cannot compute exactly as Keras does is refused with an
 * {@link UnsupportedModelException} naming the layer and the reason; nothing is approximated.
 *
 * <p>A single chain becomes a {@link MultiLayerNetwork}, anything else a {@link ComputationGraph}.
 */
public final class Dl4jExporter {
    private Dl4jExporter() {
    }

    /**
     * Builds the DL4J network and writes it to {@code out} atomically (a temporary file in the same
     * folder, then a rename), without the updater state.
     *
     * @param model     the checked model
     * @param out       the zip to write
     * @param overwrite replace {@code out} when it exists; otherwise an existing file is kept and a
     *                  {@link FileAlreadyExistsException} is thrown
     * @return what was written
     * @throws UnsupportedModelException when a layer cannot be exported exactly
     * @throws IOException               when writing fails
     */
    public static Dl4jExport export(CheckedModel model, Path out, boolean overwrite) throws IOException {
        Path target = out.toAbsolutePath();
        if (!overwrite && Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "exists; pass overwrite to replace it");
        }
        Model network = build(model);
        Path tmp = AtomicFile.stage(target);
        try {
            ModelSerializer.writeModel(network, tmp.toFile(), false);
            if (!overwrite && Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString(), null, "appeared while exporting");
            }
            AtomicFile.commit(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
        String type = network instanceof MultiLayerNetwork ? "MultiLayerNetwork" : "ComputationGraph";
        return new Dl4jExport(target, type, network.numParams());
    }

    /**
     * Builds the DL4J network with the model's weights loaded: a {@link MultiLayerNetwork} for a single
     * chain, a {@link ComputationGraph} otherwise.
     *
     * @throws UnsupportedModelException when a layer cannot be exported exactly
     */
    public static Model build(CheckedModel model) {
        NetworkPlan plan = plan(model);
        return plan.isChain() ? buildMultiLayer(plan) : buildGraph(plan);
    }

    static NetworkPlan plan(CheckedModel model) {
        NetworkPlan plan = new NetworkPlan();
        for (CheckedLayer layer : model.layers()) {
            LayerTranslator.refuseUntranslatable(layer);
        }
        boolean channelsFirst = model.layers().stream().anyMatch(l -> l.spec() instanceof SlidingWindowSpec w
                && w.dataFormat() == DataFormat.CHANNELS_FIRST);
        plan.channelsFirstModel = channelsFirst;
        for (InputSpec in : model.spec().inputs()) {
            boolean cf = channelsFirst && in.shape().rank() >= 2;
            plan.addInput(in.name(), inputType(in, cf));
            plan.setChannelsFirst(in.name(), cf);
        }
        refuseGraphFeatures(model);
        LayerTranslator translator = new LayerTranslator(plan);
        for (CheckedLayer layer : model.layers()) {
            translator.translate(layer);
        }
        for (TensorRef outputRef : model.spec().outputs()) {
            String output = outputRef.layer();
            String node = plan.producer(output);
            if (plan.inputNames.contains(node)) {
                // A model whose output is its input (only inference no-ops in between) still needs a layer.
                String name = output + "_identity";
                plan.addLayer(name, node, new ActivationLayer.Builder().activation(new ActivationIdentity()).build(),
                        null, Map.of());
                node = name;
            }
            plan.outputs.add(node);
        }
        return plan;
    }

    /**
     * Refuses what DL4J's graphs cannot represent exactly: a vertex is one layer with one output, its
     * parameters its own, and a recurrent layer starts from zero states.
     */
    private static void refuseGraphFeatures(CheckedModel model) {
        for (CheckedLayer layer : model.layers()) {
            String who = layer.spec().describe();
            if (layer.callCount() > 1) {
                throw new UnsupportedModelException(who + ": the layer is called " + layer.callCount()
                        + " times (a shared layer); a DL4J graph vertex is called once and vertices cannot share weights");
            }
            if (layer.outputShapes().size() > 1) {
                throw new UnsupportedModelException(who + ": the layer has " + layer.outputShapes().size()
                        + " outputs (return_state); a DL4J layer has one output");
            }
            if (layer.spec() instanceof RecurrentSpec || layer.spec() instanceof BidirectionalSpec) {
                if (layer.inputShapes().size() > 1) {
                    throw new UnsupportedModelException(who + ": the layer is given its initial state as "
                            + (layer.inputShapes().size() - 1) + " further input(s); DL4J's recurrent layers start from zeros");
                }
            }
            for (TensorRef in : layer.calls().get(0).call().inputs()) {
                if (!in.isFirst()) {
                    throw new UnsupportedModelException(who + ": reads " + in + ", an output other than a layer's only one");
                }
            }
        }
        for (TensorRef out : model.spec().outputs()) {
            if (!out.isFirst()) {
                throw new UnsupportedModelException(model.spec().source() + ": model output " + out
                        + " is an output other than a layer's only one, which DL4J cannot represent");
            }
        }
    }

    /**
     * The DL4J input type for a model input in Keras's layout: {@code cf} when the model's images or
     * sequences are channels-first (NCHW / NCW), which DL4J computes on natively.
     */
    private static InputType inputType(InputSpec in, boolean cf) {
        Shape s = in.shape();
        if (in.dtype() != null && in.dtype().startsWith("int") && s.rank() == 1) {
            // Token ids for an Embedding: DL4J's EmbeddingSequenceLayer reads [batch, length].
            return InputType.feedForward(s.dim(0));
        }
        return switch (s.rank()) {
            case 1 -> InputType.feedForward(known(s, 0, in));
            case 2 -> cf ? (s.dim(1) == Shape.UNKNOWN ? InputType.recurrent(known(s, 0, in), RNNFormat.NCW)
                    : InputType.recurrent(known(s, 0, in), s.dim(1), RNNFormat.NCW))
                    : (s.dim(0) == Shape.UNKNOWN ? InputType.recurrent(known(s, 1, in), RNNFormat.NWC)
                    : InputType.recurrent(known(s, 1, in), s.dim(0), RNNFormat.NWC));
            case 3 -> cf ? InputType.convolutional(known(s, 1, in), known(s, 2, in), known(s, 0, in), CNN2DFormat.NCHW)
                    : InputType.convolutional(known(s, 0, in), known(s, 1, in), known(s, 2, in), CNN2DFormat.NHWC);
            default -> throw new UnsupportedModelException("input '" + in.name() + "' has shape " + s.toKerasString()
                    + ": the DL4J export supports inputs of rank 1 to 3 (without batch)");
        };
    }

    private static int known(Shape s, int axis, InputSpec in) {
        int d = s.dim(axis);
        if (d == Shape.UNKNOWN) {
            throw new UnsupportedModelException("input '" + in.name() + "' has shape " + s.toKerasString()
                    + ": the DL4J export needs every dimension known except a sequence length");
        }
        return d;
    }

    private static NeuralNetConfiguration.Builder base(NetworkPlan plan) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .weightInit(WeightInit.ZERO).seed(0);
        if (plan.nodes.stream().anyMatch(n -> n.layer() instanceof PReLULayer)) {
            // DL4J M2.1's PReLU with shared axes returns an array outside the inference workspace, which
            // workspace validation rejects; without workspaces the same values are computed.
            b.inferenceWorkspaceMode(WorkspaceMode.NONE).trainingWorkspaceMode(WorkspaceMode.NONE);
        }
        return b;
    }

    private static MultiLayerNetwork buildMultiLayer(NetworkPlan plan) {
        NeuralNetConfiguration.ListBuilder list = base(plan).list();
        for (int i = 0; i < plan.nodes.size(); i++) {
            NetworkPlan.Node n = plan.nodes.get(i);
            list.layer(i, n.layer());
            if (n.preProcessor() != null) {
                list.inputPreProcessor(i, n.preProcessor());
            }
        }
        list.setInputType(plan.inputTypes.get(0));
        MultiLayerConfiguration conf = list.build();
        for (int i = 0; i < plan.nodes.size(); i++) {
            keepEmbeddingVocabulary(plan.nodes.get(i), conf.getConf(i).getLayer());
        }
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        for (int i = 0; i < plan.nodes.size(); i++) {
            loadParams(net.getLayer(i), plan.nodes.get(i));
        }
        return net;
    }

    private static ComputationGraph buildGraph(NetworkPlan plan) {
        ComputationGraphConfiguration.GraphBuilder g = base(plan).graphBuilder();
        g.addInputs(plan.inputNames);
        for (NetworkPlan.Node n : plan.nodes) {
            String[] inputs = n.inputs().toArray(String[]::new);
            if (n.layer() != null) {
                g.addLayer(n.name(), n.layer(), n.preProcessor(), inputs);
            } else {
                g.addVertex(n.name(), n.vertex(), inputs);
            }
        }
        g.setOutputs(plan.outputs.toArray(String[]::new));
        g.setInputTypes(plan.inputTypes.toArray(InputType[]::new));
        ComputationGraphConfiguration conf = g.build();
        for (NetworkPlan.Node n : plan.nodes) {
            if (n.layer() != null) {
                keepEmbeddingVocabulary(n,
                        ((org.deeplearning4j.nn.conf.graph.LayerVertex) conf.getVertices().get(n.name())).getLayerConf().getLayer());
            }
        }
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        refuseSequenceFormatMix(plan, graph);
        for (NetworkPlan.Node n : plan.nodes) {
            if (n.layer() != null) {
                loadParams(graph.getLayer(n.name()), n);
            }
        }
        return graph;
    }

    /**
     * DL4J M2.1's ComputationGraph compares each sequence layer's format (NWC/NCW) with that of the layer
     * run just before it in its execution order, not with its input's, and fails (or permutes a direct
     * input) when they differ; such a graph (a channels-first 1D layer beside a channels-last one on
     * another branch) is refused.
     */
    private static void refuseSequenceFormatMix(NetworkPlan plan, ComputationGraph graph) {
        org.deeplearning4j.nn.conf.layers.Layer previous = null;
        String previousName = null;
        for (int index : graph.topologicalSortOrder()) {
            org.deeplearning4j.nn.graph.vertex.GraphVertex vertex = graph.getVertices()[index];
            String name = vertex.getVertexName();
            org.deeplearning4j.nn.conf.layers.Layer layer = vertex.hasLayer()
                    ? vertex.getLayer().conf().getLayer() : null;
            if (previous != null && layer != null && Convolution1DUtils.hasRnnDataFormat(previous)
                    && Convolution1DUtils.hasRnnDataFormat(layer)
                    && Convolution1DUtils.getRnnFormatFromLayer(previous) != Convolution1DUtils.getRnnFormatFromLayer(layer)) {
                throw new UnsupportedModelException(plan.madeFor.getOrDefault(name, name) + ": DL4J M2.1's"
                        + " ComputationGraph would run it right after " + plan.madeFor.getOrDefault(previousName,
                        previousName) + ", whose sequence format differs, and it fails on such a pair of layers"
                        + " (it checks the previous layer run, not the layer's input)");
            }
            previous = layer;
            previousName = name;
        }
    }

    /**
     * DL4J's shape inference sets an embedding's nIn to the sequence length it receives; the vocabulary
     * size set on the planned layer is restored.
     */
    private static void keepEmbeddingVocabulary(NetworkPlan.Node planned, org.deeplearning4j.nn.conf.layers.Layer built) {
        if (built instanceof EmbeddingSequenceLayer b) {
            b.setNIn(planned.params().get("W").rows());
        }
    }

    private static void loadParams(org.deeplearning4j.nn.api.Layer layer, NetworkPlan.Node node) {
        Map<String, INDArray> table = layer.paramTable();
        if (!table.keySet().equals(node.params().keySet())) {
            throw new IllegalStateException(node.name() + ": DL4J expects parameters " + table.keySet()
                    + " but the export prepared " + node.params().keySet());
        }
        for (Map.Entry<String, INDArray> e : node.params().entrySet()) {
            INDArray target = table.get(e.getKey());
            INDArray value = e.getValue();
            boolean sameShape = Arrays.equals(target.shape(), value.shape());
            boolean sameVector = target.isVector() && value.isVector() && target.length() == value.length();
            if (!sameShape && !sameVector) {
                throw new IllegalStateException(node.name() + ": DL4J parameter " + e.getKey() + " is "
                        + Arrays.toString(target.shape()) + " but the export prepared " + Arrays.toString(value.shape()));
            }
            target.assign(value.reshape(target.shape()));
        }
    }
}
