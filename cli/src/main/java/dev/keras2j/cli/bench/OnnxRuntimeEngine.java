package dev.keras2j.cli.bench;

import dev.keras2j.export.onnx.OnnxExporter;
import dev.keras2j.export.onnx.OnnxOptions;
import dev.keras2j.export.onnx.OnnxRuntimeSession;
import dev.keras2j.keras.KerasModelReader;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.runtime.kernel.Parallelism;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * keras2j's own ONNX export run by ONNX Runtime's Java API on the CPU: the model is exported once, in
 * {@link #prepare} (not timed); loading is ONNX Runtime creating a session from the exported bytes, with as
 * many intra-op threads as keras2j's kernels have ({@link Parallelism#threads()}) and one inter-op thread.
 * A model the export refuses is reported with the export's reason.
 */
public final class OnnxRuntimeEngine implements BenchEngine {
    private final Map<ModelFiles, Exported> exported = new HashMap<>();

    private record Exported(byte[] onnx, int[] inputShape) {
    }

    @Override
    public String name() {
        return "onnxruntime";
    }

    @Override
    public void prepare(ModelFiles model) {
        if (exported.containsKey(model)) {
            return;
        }
        CheckedModel checked = ModelChecker.check(KerasModelReader.read(model.model(), model.weights()));
        byte[] onnx;
        try {
            onnx = OnnxExporter.toBytes(checked, OnnxOptions.defaults());
        } catch (UnsupportedModelException e) {
            throw new IllegalArgumentException("keras2j's ONNX export refuses the model: " + e.getMessage(), e);
        }
        exported.put(model, new Exported(onnx, Shapes.fixed(checked.inputShape())));
    }

    @Override
    public Loaded load(ModelFiles model) throws IOException {
        prepare(model);
        Exported e = exported.get(model);
        // Sessions are not closed: the JVM measures one model, loaded a few times, and exits.
        OnnxRuntimeSession session = OnnxRuntimeSession.open(e.onnx(), Parallelism.threads());
        return new NdArrayLoaded(e.inputShape()) {
            @Override
            public Object prepare(float[] data, int batch) {
                try {
                    return session.input((NdArray) super.prepare(data, batch));
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
            }

            @Override
            public Object predict(Object prepared) {
                return session.predict((OnnxRuntimeSession.Input) prepared);
            }
        };
    }
}
