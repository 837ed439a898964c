package dev.keras2j.keras;

import dev.keras2j.container.Hdf5Tree;
import dev.keras2j.model.LayerNode;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.ModelFormat;
import dev.keras2j.model.ModelFormatException;
import dev.keras2j.model.ModelSpec;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.WeightSlot;
import dev.keras2j.model.layer.NormalizationSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches a legacy HDF5 weights group to a model as Keras's {@code load_weights_from_hdf5_group} does: by
 * order, not by name. The file's layers that have weights (non-empty {@code weight_names}), in its
 * {@code layer_names} order, go to the model's top-level layers that have weights, in the config's order;
 * a nested model counts as one layer holding all its layers' weights. So a JSON rebuilt under other layer
 * names loads the weights of the original. Inside a nested model's group the weights go by order too, in
 * Keras's legacy order ({@code _legacy_weights}: the model's trainable weights, then its non-trainable ones,
 * each in layer order), so its layers' names need not match either. The counts must agree; each layer's weight
 * count and shapes are then checked against its slots by {@link ModelChecker}, which names the layer.
 */
final class LegacyWeightMatcher {
    private LegacyWeightMatcher() {
    }

    /** Where one weight of a nested model goes: {@code layer}'s slot {@code index} of {@code slots}. */
    record Target(String layer, int index, int slots) {
    }

    static <N> Map<String, List<NdArray>> match(Hdf5Tree<N> h5, N root, ParsedModel parsed, String label) {
        List<String> fileLayers = h5.stringListAttribute(root, "layer_names");
        if (fileLayers == null) {
            throw new ModelFormatException(h5.label() + ": the weights group has no layer_names attribute");
        }
        List<String> withWeights = new ArrayList<>();
        for (String layer : fileLayers) {
            N g = h5.group(root, layer);
            List<String> names = g == null ? null : h5.stringListAttribute(g, "weight_names");
            if (names == null || !names.isEmpty()) {
                withWeights.add(layer); // a missing group or attribute is reported by WeightsReader
            }
        }
        Map<String, List<WeightSlot>> slots = ModelChecker.weightSlots(new ModelSpec(label, ModelFormat.H5, null, null,
                parsed.modelClass(), parsed.inputs(), parsed.layers(), parsed.outputs(), Map.of()));
        List<String> modelLayers = layersWithWeights(parsed, slots);
        if (withWeights.size() != modelLayers.size()) {
            throw new ModelFormatException(h5.label() + ": the weights file has " + withWeights.size()
                    + " layers with weights " + brief(withWeights) + " but the model has " + modelLayers.size() + " "
                    + brief(modelLayers) + "; Keras matches legacy weights to layers by order, so the counts must agree");
        }
        Map<String, String> rename = new HashMap<>();
        for (int i = 0; i < withWeights.size(); i++) {
            rename.put(withWeights.get(i), modelLayers.get(i));
        }
        Map<String, List<Target>> nestedOrder = new HashMap<>();
        for (ParsedModel.SavedLayer s : parsed.savedLayers()) {
            if (s.nested() != null) {
                nestedOrder.put(s.name(), legacyOrder(s.nested(), slots));
            }
        }
        return WeightsReader.legacy(h5, root, rename, nestedOrder);
    }

    /**
     * A nested model's weights in Keras's legacy order: {@code trainable_weights + non_trainable_weights}, each
     * in the order of its (flattened) layers and of each layer's own weights. A layer saved with
     * {@code trainable: false} (a frozen layer, or every layer of a frozen model) has only non-trainable
     * weights; BatchNormalization's moving statistics and Normalization's adapted state are never trainable.
     */
    private static List<Target> legacyOrder(ParsedModel nested, Map<String, List<WeightSlot>> slots) {
        List<Target> trainable = new ArrayList<>();
        List<Target> frozen = new ArrayList<>();
        for (LayerNode n : nested.layers()) {
            List<WeightSlot> own = slots.getOrDefault(n.name(), List.of());
            boolean layerTrainable = n.spec().config().bool("trainable", true);
            boolean stateOnly = n.spec() instanceof NormalizationSpec;
            for (int i = 0; i < own.size(); i++) {
                String w = own.get(i).name();
                boolean statistic = w.endsWith("moving_mean") || w.endsWith("moving_variance");
                (layerTrainable && !stateOnly && !statistic ? trainable : frozen).add(new Target(n.name(), i, own.size()));
            }
        }
        trainable.addAll(frozen);
        return trainable;
    }

    /** The model's top-level layers (a nested model as one) whose first call calls for weights, in config order. */
    private static List<String> layersWithWeights(ParsedModel parsed, Map<String, List<WeightSlot>> slots) {
        List<String> out = new ArrayList<>();
        for (ParsedModel.SavedLayer s : parsed.savedLayers()) {
            if (s.input()) {
                continue;
            }
            boolean has;
            if (s.nested() != null) {
                has = false;
                for (LayerNode n : s.nested().layers()) {
                    has |= !slots.getOrDefault(n.name(), List.of()).isEmpty();
                }
            } else {
                has = !slots.getOrDefault(s.name(), List.of()).isEmpty();
            }
            if (has) {
                out.add(s.name());
            }
        }
        return out;
    }

    private static String brief(List<String> names) {
        return names.size() <= 8 ? names.toString()
                : names.subList(0, 4) + "... " + names.subList(names.size() - 2, names.size());
    }
}
