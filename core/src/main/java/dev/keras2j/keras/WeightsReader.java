package dev.keras2j.keras;

import dev.keras2j.container.Hdf5Container;
import dev.keras2j.container.Hdf5Tree;
import dev.keras2j.model.Limits;
import dev.keras2j.model.ModelFormatException;
import dev.keras2j.model.NdArray;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads per-layer positional weights from the two HDF5 weight layouts Keras writes: the legacy one
 * ({@code layer_names} / {@code weight_names} attributes, Keras 1 to 3 {@code .h5}) and Keras 3's
 * {@code layers/<path>/vars/<i>} tree ({@code .keras} archives and {@code .weights.h5}).
 */
final class WeightsReader {
    private WeightsReader() {
    }

    /** Whether {@code group} holds legacy weights ({@code layer_names} attribute). */
    static <N> boolean isLegacy(Hdf5Tree<N> h5, N group) {
        return h5.hasAttribute(group, "layer_names");
    }

    /** Whether {@code group} holds a Keras 3 weights tree ({@code layers} group). */
    static <N> boolean isKeras3(Hdf5Tree<N> h5, N group) {
        return h5.group(group, "layers") != null;
    }

    /**
     * Legacy weights: every layer listed in {@code layer_names}, its datasets in {@code weight_names} order.
     * A nested model's group holds the weights of all its layers; they go by order, whatever their names, to
     * the slots {@code nestedOrder} lists for it (Keras's legacy order, see {@link LegacyWeightMatcher}).
     *
     * @param rename      the model's layer for each layer of the file ({@link LegacyWeightMatcher}); a layer
     *                    not in it keeps its name
     * @param nestedOrder for each nested model (by its name in the model), the slot each of its weights fills
     */
    static <N> Map<String, List<NdArray>> legacy(Hdf5Tree<N> h5, N root, Map<String, String> rename,
                                                 Map<String, List<LegacyWeightMatcher.Target>> nestedOrder) {
        List<String> layers = h5.stringListAttribute(root, "layer_names");
        if (layers == null) {
            throw new ModelFormatException(h5.label() + ": the weights group has no layer_names attribute");
        }
        Map<String, List<NdArray>> out = new LinkedHashMap<>();
        for (String layer : layers) {
            N g = h5.group(root, layer);
            if (g == null) {
                throw new ModelFormatException(h5.label() + ": layer '" + layer
                        + "' is listed in layer_names but its weights group is missing");
            }
            List<String> names = h5.stringListAttribute(g, "weight_names");
            if (names == null) {
                throw new ModelFormatException(h5.label() + ": the weights group of layer '" + layer + "' has no weight_names attribute");
            }
            String modelLayer = rename.getOrDefault(layer, layer);
            List<LegacyWeightMatcher.Target> targets = nestedOrder.get(modelLayer);
            if (targets != null && targets.size() != names.size()) {
                throw new ModelFormatException(h5.label() + ": nested model '" + modelLayer + "' (saved as '" + layer
                        + "') expects " + targets.size() + " weights but the file has " + names.size()
                        + "; Keras matches a nested model's legacy weights by order, so the counts must agree");
            }
            List<NdArray> arrays = new ArrayList<>(names.size());
            for (int i = 0; i < names.size(); i++) {
                N ds = h5.child(g, names.get(i));
                if (ds == null || !h5.isDataset(ds)) {
                    throw new ModelFormatException(h5.label() + ": layer '" + layer + "': weight '" + names.get(i)
                            + "' is listed in weight_names but missing from the file");
                }
                NdArray value = h5.readFloats(ds);
                if (targets == null) {
                    arrays.add(value);
                } else {
                    // the nested model's i-th weight in Keras's legacy order goes to that layer's slot
                    LegacyWeightMatcher.Target t = targets.get(i);
                    List<NdArray> slots = out.computeIfAbsent(t.layer(), k -> new ArrayList<>(
                            java.util.Collections.nCopies(t.slots(), (NdArray) null)));
                    slots.set(t.index(), value);
                }
            }
            if (targets == null) {
                out.put(modelLayer, arrays);
            }
        }
        return out;
    }

    /**
     * Keras 3 weights for the given layers. A layer's group is found through the {@code name} attribute
     * Keras 3 writes on its {@code vars} group, or else through the path Keras 3 derives from the class name
     * ({@code dense}, {@code dense_1}, ... in layer order).
     */
    static Map<String, List<NdArray>> keras3(Hdf5Container h5, Group root, List<ParsedModel.SavedLayer> layers, boolean sequential) {
        Group layersGroup = h5.group(root, "layers");
        if (layersGroup == null) {
            throw new ModelFormatException(h5.label() + ": the weights file has no 'layers' group");
        }
        Map<String, List<NdArray>> out = new LinkedHashMap<>();
        keras3(h5, layersGroup, layers, sequential, out);
        return out;
    }

    /** Keras 3 weights of {@code layers}, stored under {@code layersGroup}; a nested model's under its own. */
    private static void keras3(Hdf5Container h5, Group layersGroup, List<ParsedModel.SavedLayer> layers, boolean sequential,
                               Map<String, List<NdArray>> out) {
        Map<String, Group> byName = new HashMap<>();
        for (String child : h5.childNames(layersGroup)) {
            Group g = h5.group(layersGroup, child);
            Group vars = g == null ? null : h5.group(g, "vars");
            String name = vars == null ? null : h5.stringAttribute(vars, "name");
            if (name != null) {
                byName.putIfAbsent(name, g);
            }
        }
        Map<String, Integer> used = new HashMap<>();
        for (ParsedModel.SavedLayer layer : layers) {
            if (layer.input() && sequential) {
                continue;
            }
            String path = snakeCase(layer.className());
            Integer seen = used.get(path);
            used.put(path, seen == null ? 0 : seen + 1);
            if (seen != null) {
                path = path + "_" + (seen + 1);
            }
            if (layer.input()) {
                continue;
            }
            Group g = byName.containsKey(layer.name()) ? byName.get(layer.name()) : h5.group(layersGroup, path);
            if (layer.nested() != null) {
                Group inner = g == null ? null : h5.group(g, "layers");
                if (inner == null) {
                    throw new ModelFormatException(h5.label() + ": the weights of nested model '" + layer.name()
                            + "' are missing (no " + layersGroup.getPath() + "/" + path + "/layers group)");
                }
                keras3(h5, inner, layer.nested().savedLayers(), layer.nested().modelClass().equals("Sequential"), out);
            } else if (g != null) {
                List<NdArray> arrays = new ArrayList<>();
                collect(h5, g, arrays, new HashSet<>(), 0);
                out.put(layer.name(), arrays);
            }
        }
    }

    /**
     * A layer's own {@code vars} in index order, then its sub-layers' (wrapped layer, RNN cell, attention
     * projections). A group seen
     * before on this walk (an HDF5 hard link back up the tree) or nested deeper than the limit is refused.
     */
    private static void collect(Hdf5Container h5, Group g, List<NdArray> out, Set<Long> visited, int depth) {
        if (!visited.add(h5.address(g))) {
            throw new ModelFormatException(h5.label() + ": refused: " + g.getPath()
                    + " links back to a group already read (a cycle in the HDF5 group structure)");
        }
        if (depth > Limits.HDF5_DEPTH.value()) {
            throw new ModelFormatException(h5.label() + ": refused: " + g.getPath() + " is nested more than "
                    + Limits.HDF5_DEPTH.value() + " groups deep; " + Limits.HDF5_DEPTH.hint());
        }
        Group vars = h5.group(g, "vars");
        if (vars != null) {
            List<String> names = new ArrayList<>(h5.childNames(vars));
            for (String n : names) {
                if (!n.matches("\\d{1,9}")) {
                    throw new ModelFormatException(h5.label() + ": unexpected entry " + vars.getPath() + "/" + n);
                }
            }
            names.sort(Comparator.comparingInt(Integer::parseInt));
            for (int i = 0; i < names.size(); i++) {
                if (Integer.parseInt(names.get(i)) != i) {
                    throw new ModelFormatException(h5.label() + ": " + vars.getPath() + " lacks variable " + i);
                }
                if (!(h5.child(vars, names.get(i)) instanceof Dataset ds)) {
                    throw new ModelFormatException(h5.label() + ": " + vars.getPath() + "/" + i + " is not a dataset");
                }
                out.add(h5.readFloats(ds));
            }
        }
        List<String> children = new ArrayList<>(h5.childNames(g));
        children.remove("vars");
        List<String> ordered = new ArrayList<>();
        // Keras's tracking order, where it differs from the alphabetical one (MultiHeadAttention's projections).
        for (String preferred : List.of("forward_layer", "backward_layer", "layer", "cell",
                "query_dense", "key_dense", "value_dense", "output_dense")) {
            if (children.remove(preferred)) {
                ordered.add(preferred);
            }
        }
        children.sort(null);
        ordered.addAll(children);
        for (String c : ordered) {
            Group sub = h5.group(g, c);
            if (sub != null) {
                collect(h5, sub, out, visited, depth + 1);
            }
        }
    }

    /** Keras's {@code naming.to_snake_case}. */
    static String snakeCase(String name) {
        String s = name.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        s = s.replaceAll("([a-z])([A-Z])", "$1_$2");
        return s.toLowerCase(Locale.ROOT);
    }
}
