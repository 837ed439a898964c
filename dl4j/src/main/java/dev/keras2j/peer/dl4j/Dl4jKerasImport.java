package dev.keras2j.peer.dl4j;

import dev.keras2j.export.dl4j.Nd4jArrays;
import dev.keras2j.model.NdArray;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.TimeDistributed;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.KerasSequentialModel;
import org.deeplearning4j.nn.modelimport.keras.utils.KerasModelBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A peer for comparison: DL4J's own Keras importer ({@code KerasModelImport}) run on the same file keras2j
 * reads, predicting on the same input. Callers pass and receive Keras's layout; where the imported network
 * computes channels-first ({@code NCHW}, {@code NCW}) the input and output are transposed.
 */
public final class Dl4jKerasImport {
    private Dl4jKerasImport() {
    }

    /**
     * Imports a legacy HDF5 model (architecture and weights in one file) and predicts.
     *
     * @param model the {@code .h5} file
     * @param input the input batch in Keras's layout
     * @return the prediction, or DL4J's error on one line; never throws
     */
    public static Dl4jPeerResult predict(Path model, NdArray input) {
        return predict(model, null, input);
    }

    /**
     * Imports a model (an {@code .h5} file, or an architecture JSON with its HDF5 weights) and predicts.
     *
     * @param model   the {@code .h5} file or architecture JSON
     * @param weights the HDF5 weights for a JSON architecture, or {@code null}
     * @param input   the input batch in Keras's layout
     * @return the prediction, or DL4J's error on one line; never throws
     */
    public static Dl4jPeerResult predict(Path model, Path weights, NdArray input) {
        Model network;
        try {
            network = importModel(model, weights);
        } catch (Throwable t) {
            return Dl4jPeerResult.failure("DL4J KerasModelImport failed: " + oneLine(t));
        }
        try {
            return Dl4jPeerResult.success(run(network, input));
        } catch (Throwable t) {
            return Dl4jPeerResult.failure("DL4J imported the model but failed to run it: " + oneLine(t));
        }
    }

    /**
     * Imports a model without running it (for benchmarks that time loading and prediction apart).
     *
     * @param weights the HDF5 weights for a JSON architecture, or {@code null}
     * @throws Exception whatever DL4J's importer throws
     */
    public static Model importModel(Path model, Path weights) throws Exception {
        KerasModelBuilder builder = new KerasSequentialModel().modelBuilder().enforceTrainingConfig(false);
        if (weights == null) {
            builder.modelHdf5Filename(model.toString());
        } else {
            builder.modelJson(Files.readString(model)).weightsHdf5FilenameNoRoot(weights.toString());
        }
        JsonObject config = JsonParser.parseString(builder.getModelJson()).getAsJsonObject();
        withoutOrthogonalInitializers(config);
        builder.setModelJson(config.toString());
        boolean sequential = config.has("class_name") && "Sequential".equals(config.get("class_name").getAsString());
        try (builder) {
            return sequential ? builder.buildSequential().getMultiLayerNetwork()
                    : builder.buildModel().getComputationGraph();
        }
    }

    /**
     * Replaces orthogonal initializers by zeros. Initializers only matter before the file's weights are
     * loaded, which overwrite them; but DL4J M2.1's orthogonal initialization (an SVD in libnd4j) does not
     * terminate on this platform, so without this every recurrent model would hang the import.
     */
    static void withoutOrthogonalInitializers(JsonElement e) {
        if (e instanceof JsonObject o) {
            for (String key : o.keySet()) {
                JsonElement v = o.get(key);
                boolean initializer = key.endsWith("init") || key.endsWith("initializer");
                if (initializer && v.isJsonPrimitive() && v.getAsString().equalsIgnoreCase("orthogonal")) {
                    o.addProperty(key, "zero");
                } else if (initializer && v instanceof JsonObject init && init.has("class_name")
                        && init.get("class_name").getAsString().equalsIgnoreCase("orthogonal")) {
                    JsonObject zeros = new JsonObject();
                    zeros.addProperty("class_name", "Zeros");
                    zeros.add("config", new JsonObject());
                    o.add(key, zeros);
                } else {
                    withoutOrthogonalInitializers(v);
                }
            }
        } else if (e instanceof JsonArray a) {
            for (JsonElement x : a) {
                withoutOrthogonalInitializers(x);
            }
        }
    }

    /** Runs a network from {@link #importModel} on an input in Keras's layout and returns Keras's layout. */
    public static NdArray run(Model network, NdArray input) {
        INDArray in = Nd4jArrays.toNd4j(input);
        INDArray out;
        if (network instanceof MultiLayerNetwork net) {
            Layout layout = layoutOf(net.getLayerWiseConfigurations().getConf(0).getLayer(),
                    net.getLayerWiseConfigurations().getInputPreProcess(0));
            out = net.output(toDl4j(in, layout), false);
            Layer last = net.getLayerWiseConfigurations().getConf(net.getnLayers() - 1).getLayer();
            out = fromDl4j(out, layoutOf(last, null));
        } else {
            ComputationGraph graph = (ComputationGraph) network;
            Layout layout = Layout.KERAS;
            String inputName = graph.getConfiguration().getNetworkInputs().get(0);
            for (Map.Entry<String, java.util.List<String>> e : graph.getConfiguration().getVertexInputs().entrySet()) {
                if (e.getValue().contains(inputName)) {
                    Layout l = layoutOfVertex(graph.getConfiguration().getVertices().get(e.getKey()));
                    if (l != Layout.KERAS) {
                        layout = l;
                    }
                }
            }
            out = graph.output(false, toDl4j(in, layout))[0];
            String outName = graph.getConfiguration().getNetworkOutputs().get(0);
            out = fromDl4j(out, layoutOfVertex(graph.getConfiguration().getVertices().get(outName)));
        }
        return Nd4jArrays.fromNd4j(out);
    }

    /** Whether a DL4J layer computes features-last (Keras's layout) or channels-first. */
    private enum Layout { KERAS, CHANNELS_FIRST }

    private static Layout layoutOfVertex(GraphVertex v) {
        if (v instanceof LayerVertex lv) {
            return layoutOf(lv.getLayerConf().getLayer(), lv.getPreProcessor());
        }
        return Layout.KERAS;
    }

    private static Layout layoutOf(Layer layer, InputPreProcessor pre) {
        if (pre instanceof CnnToFeedForwardPreProcessor p) {
            return p.getFormat() == CNN2DFormat.NCHW ? Layout.CHANNELS_FIRST : Layout.KERAS;
        }
        if (pre instanceof RnnToFeedForwardPreProcessor p) {
            return p.getRnnDataFormat() == RNNFormat.NCW ? Layout.CHANNELS_FIRST : Layout.KERAS;
        }
        while (true) {
            if (layer instanceof Bidirectional b) {
                layer = b.getFwd();
            } else if (layer instanceof TimeDistributed t) {
                return t.getRnnDataFormat() == RNNFormat.NCW ? Layout.CHANNELS_FIRST : Layout.KERAS;
            } else if (layer instanceof BaseWrapperLayer w) {
                layer = w.getUnderlying();
            } else {
                break;
            }
        }
        if (layer instanceof Convolution1DLayer c) {
            return c.getRnnDataFormat() == RNNFormat.NCW ? Layout.CHANNELS_FIRST : Layout.KERAS;
        }
        if (layer instanceof Subsampling1DLayer) {
            return Layout.CHANNELS_FIRST;
        }
        if (layer instanceof ConvolutionLayer c) {
            return c.getCnn2dDataFormat() == CNN2DFormat.NCHW ? Layout.CHANNELS_FIRST : Layout.KERAS;
        }
        if (layer instanceof SubsamplingLayer s) {
            return s.getCnn2dDataFormat() == CNN2DFormat.NCHW ? Layout.CHANNELS_FIRST : Layout.KERAS;
        }
        if (layer instanceof BaseRecurrentLayer r) {
            return r.getRnnDataFormat() == RNNFormat.NCW ? Layout.CHANNELS_FIRST : Layout.KERAS;
        }
        return Layout.KERAS;
    }

    private static INDArray toDl4j(INDArray keras, Layout layout) {
        if (layout == Layout.KERAS) {
            return keras;
        }
        return switch (keras.rank()) {
            case 3 -> keras.permute(0, 2, 1).dup('c');
            case 4 -> keras.permute(0, 3, 1, 2).dup('c');
            default -> keras;
        };
    }

    private static INDArray fromDl4j(INDArray dl4j, Layout layout) {
        if (layout == Layout.KERAS) {
            return dl4j;
        }
        return switch (dl4j.rank()) {
            case 3 -> dl4j.permute(0, 2, 1).dup('c');
            case 4 -> dl4j.permute(0, 2, 3, 1).dup('c');
            default -> dl4j;
        };
    }

    /** The first line of the exception chain's messages, for a report cell. */
    static String oneLine(Throwable t) {
        StringBuilder sb = new StringBuilder();
        Throwable c = t;
        int depth = 0;
        while (c != null && depth < 3) {
            String msg = c.getMessage() == null ? c.getClass().getSimpleName()
                    : c.getClass().getSimpleName() + ": " + c.getMessage();
            String first = msg.strip().lines().findFirst().orElse("");
            if (sb.indexOf(first) < 0) {
                if (sb.length() > 0) {
                    sb.append(" <- ");
                }
                sb.append(first);
            }
            c = c.getCause() == c ? null : c.getCause();
            depth++;
        }
        String s = sb.toString().replaceAll("\\s+", " ");
        return s.length() > 300 ? s.substring(0, 297) + "..." : s;
    }
}
