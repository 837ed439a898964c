package dev.keras2j.reference;

import dev.keras2j.container.Hdf5Container;
import dev.keras2j.container.JsonDocument;
import dev.keras2j.model.Keras2jException;
import dev.keras2j.model.ModelFormatException;
import dev.keras2j.model.NdArray;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Deeplearning4j's {@code *_inputs_and_outputs.h5} references.
 *
 * <p>Layout (as found in the DL4J test resources): root attributes {@code inputs} = {@code {"inputs": [names]}}
 * and {@code outputs} = {@code {"outputs": [names]}} (JSON strings) giving the model's order; groups
 * {@code inputs/<input layer>}, {@code predictions/<output layer>} (what the model computed),
 * {@code activations/<layer>} (every layer's output), {@code outputs/<output layer>} and, for files written
 * after training, {@code scores/}. When {@code scores/} exists, {@code outputs/} holds the training labels, so
 * the expected outputs are always taken from {@code predictions/}.
 *
 * <p>The file is read through {@link Hdf5Container}, so the same size, attribute and nesting limits apply as
 * to model files, and every failure of the HDF5 library becomes one line naming the file.
 */
final class Dl4jHdf5Reference {
    private Dl4jHdf5Reference() {
    }

    static Reference load(Path path) {
        String source = path.toString();
        try (Hdf5Container hdf = Hdf5Container.open(path)) {
            return read(hdf, source);
        } catch (ReferenceFormatException e) {
            throw e;
        } catch (Keras2jException e) {
            throw new ReferenceFormatException(e.getMessage(), e);
        } catch (StackOverflowError e) {
            throw new ReferenceFormatException(source + ": refused: structures nested too deeply to read (stack overflow)", e);
        } catch (RuntimeException e) {
            throw new ReferenceFormatException(source + ": unreadable HDF5 file (truncated or corrupt?): "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static Reference read(Hdf5Container hdf, String source) {
                Map<String, NdArray> inputs = hdf.numbersBelow("inputs");
        if (inputs == null) {
            throw new ReferenceFormatException(source + ": HDF5 file is not a DL4J inputs_and_outputs reference "
                    + "(no inputs/ group; is it a model file?)");
        }
        if (inputs.isEmpty()) {
            throw new ReferenceFormatException(source + ": inputs/ group holds no dataset");
        }
        inputs = inDeclaredOrder(inputs, declaredNames(hdf, "inputs", source));

        Map<String, NdArray> outputs = hdf.numbersBelow("predictions");
        if (outputs == null && hdf.hasGroup("scores")) {
            throw new ReferenceFormatException(source + ": no predictions/ group, and outputs/ holds training "
                    + "labels (scores/ is present), so there are no expected outputs");
        } else if (outputs == null) {
            outputs = hdf.numbersBelow("outputs");
            outputs = outputs == null ? Map.of() : outputs;
        }
        outputs = inDeclaredOrder(outputs, declaredNames(hdf, "outputs", source));

        Map<String, NdArray> layers = hdf.numbersBelow("activations");
        layers = layers == null ? Map.of() : layers;
        return new Reference(source, List.copyOf(inputs.keySet()), List.copyOf(inputs.values()),
                List.copyOf(outputs.keySet()), List.copyOf(outputs.values()), layers);
    }

    /**
     * The names in the root attribute {@code key} ({@code {"key": [names]}}), or an empty list when absent.
     */
    private static List<String> declaredNames(Hdf5Container hdf, String key, String source) {
        String json;
        try {
            json = hdf.stringAttribute(hdf.root(), key);
        } catch (ModelFormatException e) {
            if (e.getMessage().contains("is not a string")) {
                return List.of();
            }
            throw e;
        }
        if (json == null) {
            return List.of();
        }
        Object parsed = JsonDocument.parse(json, source + " (root attribute '" + key + "')");
        Object names = parsed instanceof Map<?, ?> m ? m.get(key) : parsed;
        if (!(names instanceof List<?> list)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object e : list) {
            if (!(e instanceof String || e instanceof Number || e instanceof Boolean)) {
                throw new ReferenceFormatException(source + ": root attribute '" + key
                        + "' is not the expected JSON: a name is " + (e == null ? "null" : "not a string"));
            }
            out.add(e instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)
                    ? Long.toString(d.longValue()) : String.valueOf(e));
        }
        return out;
    }

    /** Reorders {@code arrays} to follow {@code declared}; names not declared keep their file order, last. */
    private static Map<String, NdArray> inDeclaredOrder(Map<String, NdArray> arrays, List<String> declared) {
        Map<String, NdArray> out = new LinkedHashMap<>();
        for (String name : declared) {
            NdArray a = arrays.get(name);
            if (a != null) {
                out.put(name, a);
            }
        }
        arrays.forEach(out::putIfAbsent);
        return out;
    }
}
