package dev.keras2j.export.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.keras2j.model.NdArray;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an exported file with ONNX Runtime (its Java API, CPU), so its outputs can be compared with keras2j's
 * runtime and the Keras reference. Inputs and outputs are in Keras's layout; an integer graph input (token
 * ids) receives the float ids converted to its type.
 */
public final class OnnxVerifier {
    private OnnxVerifier() {
    }

    /** Loads {@code file} with ONNX Runtime and runs it on {@code inputs} (in the graph's input order). */
    public static List<NdArray> predict(Path file, List<NdArray> inputs) throws IOException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = env.createSession(file.toString(), options)) {
            return run(env, session, inputs);
        } catch (OrtException e) {
            throw new IOException("ONNX Runtime could not run " + file + ": " + e.getMessage(), e);
        }
    }

    /** Runs a serialized model held in memory. */
    public static List<NdArray> predict(byte[] model, List<NdArray> inputs) throws IOException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = env.createSession(model, options)) {
            return run(env, session, inputs);
        } catch (OrtException e) {
            throw new IOException("ONNX Runtime could not run the model: " + e.getMessage(), e);
        }
    }

    private static List<NdArray> run(OrtEnvironment env, OrtSession session, List<NdArray> inputs) throws OrtException {
        Map<String, NodeInfo> declared = session.getInputInfo();
        if (declared.size() != inputs.size()) {
            throw new IllegalArgumentException("the model takes " + declared.size() + " inputs, " + inputs.size()
                    + " were given");
        }
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        try {
            int i = 0;
            for (Map.Entry<String, NodeInfo> e : declared.entrySet()) {
                TensorInfo info = (TensorInfo) e.getValue().getInfo();
                feed.put(e.getKey(), tensor(env, inputs.get(i++), info.type));
            }
            try (OrtSession.Result result = session.run(feed)) {
                List<NdArray> out = new ArrayList<>();
                for (Map.Entry<String, OnnxValue> e : result) {
                    OnnxTensor t = (OnnxTensor) e.getValue();
                    long[] shape = t.getInfo().getShape();
                    FloatBuffer fb = t.getFloatBuffer();
                    float[] data = new float[fb.remaining()];
                    fb.get(data);
                    out.add(NdArray.of(data, Arrays.stream(shape).mapToInt(Math::toIntExact).toArray()));
                }
                return out;
            }
        } finally {
            for (OnnxTensor t : feed.values()) {
                t.close();
            }
        }
    }

    static OnnxTensor tensor(OrtEnvironment env, NdArray a, OnnxJavaType type) throws OrtException {
        long[] shape = Arrays.stream(a.shape()).asLongStream().toArray();
        float[] d = a.data();
        return switch (type) {
            case INT32 -> {
                int[] ids = new int[d.length];
                for (int i = 0; i < d.length; i++) {
                    ids[i] = (int) d[i];
                }
                yield OnnxTensor.createTensor(env, IntBuffer.wrap(ids), shape);
            }
            case INT64 -> {
                long[] ids = new long[d.length];
                for (int i = 0; i < d.length; i++) {
                    ids[i] = (long) d[i];
                }
                yield OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
            }
            default -> OnnxTensor.createTensor(env, FloatBuffer.wrap(d), shape);
        };
    }

}
