package dev.keras2j.reference;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonParseException;
import dev.keras2j.model.NdArray;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
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
 */
final class Dl4jHdf5Reference {
    private Dl4jHdf5Reference() {
    }

    static Reference load(Path path) {
        String source = path.toString();
        try (HdfFile hdf = new HdfFile(path)) {
            Group inputsGroup = group(hdf, "inputs");
            if (inputsGroup == null) {
                throw new ReferenceFormatException(source + ": HDF5 file is not a DL4J inputs_and_outputs reference "
                        + "(no inputs/ group; is it a model file?)");
            }
            Map<String, NdArray> inputs = datasets(inputsGroup, source);
            if (inputs.isEmpty()) {
                throw new ReferenceFormatException(source + ": inputs/ group holds no dataset");
            }
            inputs = inDeclaredOrder(inputs, declaredNames(hdf, "inputs", source));

            Map<String, NdArray> outputs;
            Group predictions = group(hdf, "predictions");
            if (predictions != null) {
                outputs = datasets(predictions, source);
            } else if (group(hdf, "scores") != null) {
                throw new ReferenceFormatException(source + ": no predictions/ group, and outputs/ holds training "
                        + "labels (scores/ is present), so there are no expected outputs");
            } else {
                Group outputsGroup = group(hdf, "outputs");
                outputs = outputsGroup == null ? Map.of() : datasets(outputsGroup, source);
            }
            outputs = inDeclaredOrder(outputs, declaredNames(hdf, "outputs", source));

            Group activations = group(hdf, "activations");
            Map<String, NdArray> layers = activations == null ? Map.of() : datasets(activations, source);
            return new Reference(source, List.copyOf(inputs.keySet()), List.copyOf(inputs.values()),
                    List.copyOf(outputs.keySet()), List.copyOf(outputs.values()), layers);
        } catch (HdfException e) {
            throw new ReferenceFormatException(source + ": unreadable HDF5 file: " + e.getMessage(), e);
        }
    }

    private static Group group(HdfFile hdf, String name) {
        Node node = hdf.getChild(name);
        return node instanceof Group g ? g : null;
    }

    /** The datasets under {@code group}, nested groups flattened to {@code a/b} names, in the file's order. */
    private static Map<String, NdArray> datasets(Group group, String source) {
        Map<String, NdArray> out = new LinkedHashMap<>();
        collect(group, "", out, source);
        return out;
    }

    private static void collect(Group group, String prefix, Map<String, NdArray> out, String source) {
        for (Node child : group.getChildren().values()) {
            String name = prefix + child.getName();
            if (child instanceof Dataset dataset) {
                out.put(name, toArray(dataset, source));
            } else if (child instanceof Group g) {
                collect(g, name + "/", out, source);
            }
        }
    }

    static NdArray toArray(Dataset dataset, String source) {
        String where = source + ":" + dataset.getPath();
        if (dataset.isCompound() || dataset.isVariableLength()) {
            throw new ReferenceFormatException(where + ": dataset is not a numeric array");
        }
        int[] shape = dataset.isScalar() ? new int[0] : dataset.getDimensions();
        long count = dataset.isScalar() ? 1 : dataset.getSize();
        if (count > NpyReader.MAX_ELEMENTS) {
            throw new ReferenceFormatException(where + ": dataset of " + count + " elements is too large");
        }
        if (dataset.isEmpty()) {
            return NdArray.of(new float[0], shape);
        }
        Object data = dataset.isScalar() ? dataset.getData() : dataset.getDataFlat();
        float[] values = toFloats(data, where);
        if (values.length != count) {
            throw new ReferenceFormatException(where + ": dataset holds " + values.length + " values for shape "
                    + NpyReader.shapeText(shape));
        }
        return NdArray.of(values, shape);
    }

    private static float[] toFloats(Object data, String where) {
        if (data instanceof float[] f) {
            return f;
        }
        if (data instanceof double[] d) {
            float[] out = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = (float) d[i];
            }
            return out;
        }
        if (data instanceof int[] a) {
            float[] out = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
            return out;
        }
        if (data instanceof long[] a) {
            float[] out = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
            return out;
        }
        if (data instanceof short[] a) {
            float[] out = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
            return out;
        }
        if (data instanceof byte[] a) {
            float[] out = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
            return out;
        }
        if (data instanceof boolean[] a) {
            float[] out = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i] ? 1f : 0f;
            }
            return out;
        }
        if (data instanceof Number n) {
            return new float[] {n.floatValue()};
        }
        if (data instanceof Boolean b) {
            return new float[] {b ? 1f : 0f};
        }
        throw new ReferenceFormatException(where + ": unsupported dataset type "
                + (data == null ? "null" : data.getClass().getSimpleName()));
    }

    /**
     * The names in the root attribute {@code key} ({@code {"key": [names]}}), or an empty list when absent.
     */
    private static List<String> declaredNames(HdfFile hdf, String key, String source) {
        Attribute attribute = hdf.getAttribute(key);
        if (attribute == null) {
            return List.of();
        }
        Object value = attribute.getData();
        if (value instanceof String[] array && array.length == 1) {
            value = array[0];
        }
        if (!(value instanceof String json)) {
            return List.of();
        }
        try {
            JsonElement parsed = JsonParser.parseString(json);
            JsonElement names = parsed.isJsonObject() ? parsed.getAsJsonObject().get(key) : parsed;
            if (names == null || !names.isJsonArray()) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (JsonElement e : (JsonArray) names) {
                out.add(e.getAsString());
            }
            return out;
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new ReferenceFormatException(source + ": root attribute '" + key + "' is not the expected JSON: " + json);
        }
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
