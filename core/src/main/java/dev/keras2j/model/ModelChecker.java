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
        String source = spec.source();
        try {
            return checkLayers(spec);
        } catch (ModelCheckException e) {
            throw named(source, e) ? e : new ModelCheckException(source + ": " + e.getMessage());
        } catch (UnsupportedModelException e) {
            throw named(source, e) ? e : new UnsupportedModelException(source + ": " + e.getMessage());
        } catch (ModelFormatException e) {
            throw named(source, e) ? e : new ModelFormatException(source + ": " + e.getMessage(), e);
        }
    }

    /** Whether a message already starts with the file's name (the reader's messages do). */
    private static boolean named(String source, RuntimeException e) {
        return source == null || e.getMessage() != null && e.getMessage().startsWith(source);
    }

    private static CheckedModel checkLayers(ModelSpec spec) {
        if (spec.inputs().isEmpty()) {
            throw new ModelCheckException(spec.source() + ": the model has no inputs (input_layers is empty)");
        }
        if (spec.outputs().isEmpty()) {
            throw new ModelCheckException(spec.source() + ": the model has no outputs (output_layers is empty)");
        }
        long limit = Limits.TENSOR_ELEMENTS.value();
        for (InputSpec in : spec.inputs()) {
            checkSize("input '" + in.name() + "'", in.shape(), limit);
        }
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
            Shape out;
            List<Weight> weights;
            try {
                out = node.spec().outputShape(inputShapes);
                weights = bind(node.spec(), inputShapes, spec.weights().getOrDefault(node.name(), List.of()));
            } catch (ArithmeticException e) {
                // A size in the layer's options (a dilation, a stride, a count) makes a shape overflow.
                throw new ModelCheckException(node.spec().describe() + ": its output shape for inputs " + inputShapes
                        + " overflows (" + e.getMessage() + "): the options are out of range");
            } catch (IllegalArgumentException e) {
                throw new ModelCheckException(node.spec().describe() + ": invalid output shape for inputs "
                        + inputShapes + ": " + e.getMessage());
            }
            checkSize(node.spec().describe() + ": output", out, limit);
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

    /** Refuses a tensor whose known dimensions already hold more than {@code limit} elements per example. */
    private static void checkSize(String what, Shape shape, long limit) {
        long n = 1;
        for (int d : shape.dims()) {
            if (d != Shape.UNKNOWN) {
                n = d == 0 ? 0 : (n > limit / d ? limit + 1 : n * d);
            }
        }
        if (n > limit) {
            throw new ModelCheckException(what + " " + shape.toKerasString() + " holds more than " + limit
                    + " elements per example; " + Limits.TENSOR_ELEMENTS.hint());
        }
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
