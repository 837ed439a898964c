package dev.keras2j.reference;

import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded reference: the model inputs, the outputs Keras produced for them, and optionally the output of each
 * layer. Arrays include the batch axis.
 *
 * <p>Layouts read by {@link #load(Path)}:
 * <ul>
 *   <li>{@code .npz} with keys {@code input} (or {@code input_0}, {@code input_1}, ...), {@code output} (or
 *       {@code output_0}, ...) and optional {@code layer/<layer name>};</li>
 *   <li>a folder holding {@code input.npy} (or {@code input_0.npy}, ...) and {@code output.npy} or
 *       {@code predictions.npy} (or numbered), or a {@code .npy} file of such a folder;</li>
 *   <li>Deeplearning4j's {@code *_inputs_and_outputs.h5}: {@code inputs/<name>}, {@code predictions/<name>}
 *       (the model's outputs) and optional {@code activations/<layer>}; {@code outputs/} is used only when
 *       there is neither {@code predictions/} nor {@code scores/} (with {@code scores/} it holds training
 *       labels);</li>
 *   <li>a folder with {@code sequences/*.csv} (one sequence per file: rows = timesteps, columns = features,
 *       separated by {@code ;} or {@code ,}) and {@code predictions.npy}, stacked in file-name order (numeric
 *       when the names are numbers);</li>
 *   <li>a folder holding none of the above but exactly one {@code .npz} or one {@code *_inputs_and_outputs.h5}.</li>
 * </ul>
 */
public final class Reference {
    private final String source;
    private final List<String> inputNames;
    private final List<NdArray> inputs;
    private final List<String> outputNames;
    private final List<NdArray> outputs;
    private final Map<String, NdArray> layerOutputs;

    /**
     * @param source       the file or folder the reference came from, for messages
     * @param inputNames   one name per input (e.g. {@code input}, or DL4J's input layer names)
     * @param outputNames  one name per output (e.g. {@code output}, or DL4J's output layer names)
     * @param layerOutputs layer name → that layer's output, may be empty
     */
    public Reference(String source, List<String> inputNames, List<NdArray> inputs, List<String> outputNames,
                     List<NdArray> outputs, Map<String, NdArray> layerOutputs) {
        if (inputNames.size() != inputs.size() || outputNames.size() != outputs.size()) {
            throw new IllegalArgumentException("one name per array is required");
        }
        this.source = source;
        this.inputNames = List.copyOf(inputNames);
        this.inputs = List.copyOf(inputs);
        this.outputNames = List.copyOf(outputNames);
        this.outputs = List.copyOf(outputs);
        this.layerOutputs = Collections.unmodifiableMap(new LinkedHashMap<>(layerOutputs));
    }

    /**
     * Loads a reference, detecting its layout from the file's content (or, for a folder, the files in it).
     *
     * @throws ReferenceFormatException (one line naming the file) if nothing usable is found or a file is bad
     */
    public static Reference load(Path path) {
        return ReferenceLoader.load(path, List.of());
    }

    /**
     * Loads a reference, using the model's input shapes (one example each, no batch axis) where the files alone
     * cannot tell the layout: CSV sequences whose rows carry more columns than the model's feature count
     * (e.g. a trailing label column) are cut to the first {@code features} columns, and their timestep count
     * is checked. Other layouts ignore the shapes.
     */
    public static Reference load(Path path, List<Shape> modelInputShapes) {
        return ReferenceLoader.load(path, modelInputShapes);
    }

    /** A reference made of explicit {@code .npy} files (inputs in model order, outputs in model order). */
    public static Reference fromNpyFiles(List<Path> inputFiles, List<Path> outputFiles) {
        return ReferenceLoader.fromNpyFiles(inputFiles, outputFiles);
    }

    /** The file or folder this reference was read from. */
    public String source() {
        return source;
    }

    public List<String> inputNames() {
        return inputNames;
    }

    /** The model inputs in model order, batch axis first. */
    public List<NdArray> inputs() {
        return inputs;
    }

    public List<String> outputNames() {
        return outputNames;
    }

    /** The expected model outputs in model order; empty when the reference holds inputs only. */
    public List<NdArray> outputs() {
        return outputs;
    }

    /** The only input; fails if the reference has several. */
    public NdArray input() {
        if (inputs.size() != 1) {
            throw new ReferenceFormatException(source + ": holds " + inputs.size() + " inputs, not one");
        }
        return inputs.get(0);
    }

    /** The only expected output; fails if the reference has none or several. */
    public NdArray output() {
        if (outputs.size() != 1) {
            throw new ReferenceFormatException(source + ": holds " + outputs.size() + " expected outputs, not one");
        }
        return outputs.get(0);
    }

    /** Per-layer outputs (layer name → output), in the order the file stores them; empty if none. */
    public Map<String, NdArray> layerOutputs() {
        return layerOutputs;
    }

    @Override
    public String toString() {
        return "Reference[" + source + ": inputs " + inputNames + ", outputs " + outputNames + ", "
                + layerOutputs.size() + " layer outputs]";
    }
}
