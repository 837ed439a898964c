package dev.keras2j.export.dl4j;

import dev.keras2j.model.NdArray;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Runs an exported network with plain DL4J, so its output can be compared with keras2j's runtime and the
 * Keras reference. Inputs and outputs are in Keras's layout, which is what the exported network uses.
 */
public final class Dl4jVerifier {
    private Dl4jVerifier() {
    }

    /**
     * Restores a {@code ModelSerializer} zip as the class it was saved from.
     *
     * @return a {@link MultiLayerNetwork} or a {@link ComputationGraph}
     */
    public static Model restore(Path zip) throws IOException {
        if (isComputationGraph(zip)) {
            return ModelSerializer.restoreComputationGraph(zip.toFile(), false);
        }
        return ModelSerializer.restoreMultiLayerNetwork(zip.toFile(), false);
    }

    /** Restores {@code zip} and runs it on {@code input} (Keras layout, batch axis first). */
    public static NdArray predict(Path zip, NdArray input) throws IOException {
        return predict(restore(zip), input);
    }

    /** Runs a network on {@code input} in inference mode and returns its (first) output. */
    public static NdArray predict(Model network, NdArray input) {
        INDArray in = Nd4jArrays.toNd4j(input);
        INDArray out;
        if (network instanceof MultiLayerNetwork net) {
            out = net.output(in, false);
        } else if (network instanceof ComputationGraph graph) {
            out = graph.output(false, in)[0];
        } else {
            throw new IllegalArgumentException("not a DL4J network: " + network.getClass().getName());
        }
        return Nd4jArrays.fromNd4j(out);
    }

    /** ModelSerializer does not record the class; a graph's configuration lists vertices, a network's does not. */
    private static boolean isComputationGraph(Path zip) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            ZipEntry e = z.getEntry("configuration.json");
            if (e == null) {
                throw new IOException(zip + " is not a DL4J ModelSerializer zip (no configuration.json)");
            }
            try (InputStream in = z.getInputStream(e)) {
                String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return json.contains("\"vertices\"");
            }
        }
    }
}
