package dev.keras2j.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks a {@link ModelSpec} from its inputs, infers every layer's output shape and binds every layer's
 * weights to the slots its options imply, failing on the first contradiction.
 */
public final class ModelChecker {
    private ModelChecker() {
    }

    /**
     * Checks the model.
     *
     * @throws ModelCheckException       when a shape or weight contradicts the architecture
     * @throws UnsupportedModelException when a layer's options cannot be evaluated
     */
    public static CheckedModel check(ModelSpec spec) {
        Map<String, Shape> shapes = new HashMap<>();
        for (InputSpec in : spec.inputs()) {
            shapes.put(in.name(), in.shape());
        }
        List<CheckedLayer> checked = new ArrayList<>();
        for (LayerNode node : spec.layers()) {
            List<Shape> inputShapes = new ArrayList<>();
            for (String inbound : node.inbound()) {
                Shape s = shapes.get(inbound);
                if (s == null) {
                    throw new ModelCheckException(node.spec().describe() + ": reads '" + inbound
                            + "', which is neither a model input nor an earlier layer");
                }
                inputShapes.add(s);
            }
            Shape out = node.spec().outputShape(inputShapes);
            List<Weight> weights = bind(node.spec(), inputShapes, spec.weights().getOrDefault(node.name(), List.of()));
            shapes.put(node.name(), out);
            checked.add(new CheckedLayer(node, inputShapes, out, weights));
        }
        for (String output : spec.outputs()) {
            if (!shapes.containsKey(output)) {
                throw new ModelCheckException(spec.source() + ": model output '" + output + "' is not a layer of the model");
            }
        }
        return new CheckedModel(spec, checked);
    }

    private static List<Weight> bind(LayerSpec layer, List<Shape> inputs, List<NdArray> arrays) {
        List<WeightSlot> slots = layer.weightSlots(inputs);
        if (slots.size() != arrays.size()) {
            List<String> names = slots.stream().map(WeightSlot::name).toList();
            throw new ModelCheckException(layer.describe() + ": expects " + slots.size() + " weights " + names
                    + " but the file has " + arrays.size()
                    + (arrays.isEmpty() ? "" : " " + arrays.stream().map(NdArray::shapeString).toList()));
        }
        List<Weight> out = new ArrayList<>(slots.size());
        for (int i = 0; i < slots.size(); i++) {
            WeightSlot slot = slots.get(i);
            NdArray a = arrays.get(i);
            if (!slot.matches(a)) {
                throw new ModelCheckException(layer.describe() + ": " + layer.weightMismatch(slot, a, inputs));
            }
            out.add(new Weight(slot.name(), a));
        }
        return out;
    }
}
