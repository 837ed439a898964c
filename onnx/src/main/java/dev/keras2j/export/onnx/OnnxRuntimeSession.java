package dev.keras2j.export.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.keras2j.model.NdArray;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * An exported model held open in ONNX Runtime (Java API, CPU execution provider) for repeated predictions, as
 * {@code keras2j bench --engine onnxruntime} times it. The session runs its operators one after another
 * (inter-op threads 1, sequential execution) and splits each one over {@code threads} intra-op threads, the
 * thread count keras2j's own kernels get; graph optimizations are all on, as ONNX Runtime's default.
 *
 * <p>Inputs are converted to ONNX Runtime tensors apart ({@link #input}), so a timed {@link #predict} is the
 * session's run and the copy of its first output into a Java array, the form keras2j's runtime returns.
 * Single-input models only.
 */
public final class OnnxRuntimeSession implements AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final TensorInfo inputInfo;

    private OnnxRuntimeSession(OrtEnvironment env, OrtSession session) throws OrtException {
        this.env = env;
        this.session = session;
        Map<String, NodeInfo> inputs = session.getInputInfo();
        if (inputs.size() != 1) {
            session.close();
            throw new IllegalArgumentException("the model takes " + inputs.size() + " inputs; only single-input "
                    + "models run here");
        }
        Map.Entry<String, NodeInfo> in = inputs.entrySet().iterator().next();
        this.inputName = in.getKey();
        this.inputInfo = (TensorInfo) in.getValue().getInfo();
    }

    /**
     * Creates a session for a serialized model ({@link OnnxExporter#toBytes}).
     *
     * @param threads intra-op threads (at least 1)
     * @throws IOException when ONNX Runtime cannot load the model
     */
    public static OnnxRuntimeSession open(byte[] model, int threads) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return new OnnxRuntimeSession(env, env.createSession(model, options));
        } catch (OrtException e) {
            throw new IOException("ONNX Runtime could not load the model: " + e.getMessage(), e);
        }
    }

    /** An input converted to an ONNX Runtime tensor once, to be run any number of times. */
    public static final class Input implements AutoCloseable {
        private final OnnxTensor tensor;

        private Input(OnnxTensor tensor) {
            this.tensor = tensor;
        }

        @Override
        public void close() {
            tensor.close();
        }
    }

    /** Converts {@code x} (Keras's layout, batch first) to the graph input's type (float, or integer ids). */
    public Input input(NdArray x) throws IOException {
        try {
            return new Input(OnnxVerifier.tensor(env, x, inputInfo.type));
        } catch (OrtException e) {
            throw new IOException("ONNX Runtime could not take the input: " + e.getMessage(), e);
        }
    }

    /** Runs the model on {@code x} and returns its first output's values, row-major. */
    public float[] predict(Input x) {
        try (OrtSession.Result result = session.run(Map.of(inputName, x.tensor))) {
            OnnxValue first = result.get(0);
            FloatBuffer fb = ((OnnxTensor) first).getFloatBuffer();
            float[] out = new float[fb.remaining()];
            fb.get(out);
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not run the model: " + e.getMessage(), e);
        }
    }

    /** ONNX Runtime's version, e.g. {@code 1.23.2}. */
    public static String version() {
        return OrtEnvironment.getEnvironment().getVersion();
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not close the session: " + e.getMessage(), e);
        }
    }
}
