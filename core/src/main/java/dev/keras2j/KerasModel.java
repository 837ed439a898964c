package dev.keras2j;

import dev.keras2j.keras.KerasModelReader;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.InputSpec;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.ModelFormatException;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.runtime.RuntimeModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * A Keras model loaded, checked and ready to run in pure Java: the entry point for embedding keras2j.
 *
 * <pre>{@code
 * KerasModel model = KerasModel.load(Path.of("model.h5"));
 * NdArray out = model.predict(NdArray.of(pixels, 1, 28, 28, 1));
 * }</pre>
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class KerasModel {
    private final RuntimeModel runtime;

    private KerasModel(RuntimeModel runtime) {
        this.runtime = runtime;
    }

    /**
     * Loads a {@code .h5}, {@code .keras} or architecture {@code .json} file (its weights file found
     * beside it).
     *
     * @throws dev.keras2j.model.Keras2jException when the file cannot be read, fails its checks or holds
     *                                            a layer that cannot be run exactly
     */
    public static KerasModel load(Path model) {
        return load(model, null);
    }

    /** Loads a model with an explicit weights file (for an architecture JSON), or {@code null}. */
    public static KerasModel load(Path model, Path weights) {
        CheckedModel checked = ModelChecker.check(KerasModelReader.read(model, weights));
        return new KerasModel(RuntimeModel.compile(checked));
    }

    /** Loads a {@code .h5} or {@code .keras} model from a stream (copied to a temporary file first). */
    public static KerasModel load(InputStream in) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("keras2j-", ".model");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return load(tmp);
        } catch (IOException e) {
            throw new ModelFormatException("cannot read the model stream: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** The shape of one input example, without the batch axis. */
    public Shape inputShape() {
        return runtime.model().inputShape();
    }

    /** The shape of one output example (of the first output), without the batch axis. */
    public Shape outputShape() {
        return runtime.model().outputShape();
    }

    /** The shapes of one example of every model input, without the batch axis, in Keras's order. */
    public List<Shape> inputShapes() {
        return runtime.model().spec().inputs().stream().map(InputSpec::shape).toList();
    }

    /** The shapes of one example of every model output, without the batch axis, in Keras's order. */
    public List<Shape> outputShapes() {
        return runtime.model().outputShapes();
    }

    /** The checked model description. */
    public CheckedModel description() {
        return runtime.model();
    }

    /**
     * Runs the model on a batch whose first axis is the batch. Token ids for an {@code Embedding} input
     * are passed as floats (exact for ids below 2^24).
     */
    public NdArray predict(NdArray batch) {
        return runtime.predict(batch);
    }

    /**
     * Runs a model with several inputs or outputs: one batch per input, in Keras's order; returns one
     * batch per output.
     */
    public List<NdArray> predict(List<NdArray> inputs) {
        return runtime.predictAll(inputs);
    }

    /**
     * Every layer's output for a batch, keyed by layer name; a layer called several times or with several
     * outputs gives one entry per call and output, keyed {@code name:call:output} beyond the first.
     */
    public Map<String, NdArray> predictLayers(NdArray batch) {
        return runtime.predictLayers(batch);
    }

    /** {@link #predictLayers(NdArray)} for a model with several inputs, one batch per input. */
    public Map<String, NdArray> predictLayers(List<NdArray> inputs) {
        return runtime.predictLayers(inputs);
    }
}
