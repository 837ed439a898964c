package dev.keras2j.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks a {@link ModelSpec} from its inputs, infers the output shapes of every call of every layer and binds
 * every layer's weights to the slots its options imply (once, from its first call, as Keras builds a layer
 * on its first call), failing on the first contradiction.
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
        return check(spec, null);
    }

    /**
     * The weight slots each layer's options and first call imply, keyed by layer name, without binding any
     * weights: what a reader needs to match a weights file that is not keyed by this model's names.
     *
     * @throws ModelCheckException       when a shape contradicts the architecture
     * @throws UnsupportedModelException when a layer's options cannot be evaluated
     */
    public static Map<String, List<WeightSlot>> weightSlots(ModelSpec spec) {
        Map<String, List<WeightSlot>> slots = new HashMap<>();
        check(spec, slots);
        return slots;
    }

    /** Checks the model, or with {@code slotsOut} only collects each layer's weight slots into it. */
    private static CheckedModel check(ModelSpec spec, Map<String, List<WeightSlot>> slotsOut) {
        String source = spec.source();
        try {
            return checkLayers(spec, slotsOut);
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

    private static CheckedModel checkLayers(ModelSpec spec, Map<String, List<WeightSlot>> slotsOut) {
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
        Map<TensorRef, Shape> shapes = new HashMap<>();
        for (InputSpec in : spec.inputs()) {
            shapes.put(TensorRef.of(in.name()), in.shape());
        }
        Map<String, LayerNode> byName = new HashMap<>();
        for (LayerNode node : spec.layers()) {
            byName.put(node.name(), node);
        }
        int layerCount = spec.layers().size();
        CheckedCall[][] calls = new CheckedCall[layerCount][];
        List<Weight>[] weights = newWeightLists(layerCount);
        List<int[]> order = new ArrayList<>();
        List<int[]> pending = new ArrayList<>();
        for (int i = 0; i < layerCount; i++) {
            calls[i] = new CheckedCall[spec.layers().get(i).calls().size()];
            for (int c = 0; c < calls[i].length; c++) {
                pending.add(new int[] {i, c});
            }
        }
        // Repeated passes in config order: Keras lists layers (and a layer's calls) almost always in an order
        // that needs one pass; a shared layer read before its later calls' inputs needs more.
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (var it = pending.iterator(); it.hasNext(); ) {
                int[] at = it.next();
                LayerNode node = spec.layers().get(at[0]);
                LayerCall call = node.calls().get(at[1]);
                if (!call.inputs().stream().allMatch(shapes::containsKey)) {
                    continue;
                }
                List<Shape> inputShapes = call.inputs().stream().map(shapes::get).toList();
                List<Shape> out;
                try {
                    out = node.spec().outputShapes(inputShapes, call.kwargs());
                    if (slotsOut != null) {
                        slotsOut.putIfAbsent(node.name(), node.spec().weightSlots(inputShapes));
                        weights[at[0]] = List.of();
                    } else if (weights[at[0]] == null) {
                        weights[at[0]] = bind(node.spec(), inputShapes, spec.weights().getOrDefault(node.name(), List.of()));
                    } else {
                        checkReuse(node, at[1], inputShapes, weights[at[0]]);
                    }
                } catch (ArithmeticException e) {
                    // A size in the layer's options (a dilation, a stride, a count) makes a shape overflow.
                    throw new ModelCheckException(node.spec().describe() + ": its output shape for inputs " + inputShapes
                            + " overflows (" + e.getMessage() + "): the options are out of range");
                } catch (IllegalArgumentException e) {
                    throw new ModelCheckException(node.spec().describe() + ": invalid output shape for inputs "
                            + inputShapes + ": " + e.getMessage());
                }
                for (Shape o : out) {
                    checkSize(node.spec().describe() + ": output", o, limit);
                }
                for (int t = 0; t < out.size(); t++) {
                    shapes.put(new TensorRef(node.name(), at[1], t), out.get(t));
                }
                calls[at[0]][at[1]] = new CheckedCall(at[1], call, inputShapes, out);
                order.add(at);
                it.remove();
                progress = true;
            }
            if (!progress) {
                int[] at = pending.get(0);
                LayerNode node = spec.layers().get(at[0]);
                throw unreachable(spec, node, node.calls().get(at[1]), at[1], shapes, byName);
            }
        }
        for (TensorRef output : spec.outputs()) {
            if (!shapes.containsKey(output)) {
                throw new ModelCheckException(spec.source() + ": model output '" + output + "' is "
                        + missing(spec, output, byName));
            }
        }
        List<CheckedLayer> layers = new ArrayList<>(layerCount);
        CheckedLayer[] byIndex = new CheckedLayer[layerCount];
        List<CheckedModel.Step> steps = new ArrayList<>(order.size());
        for (int[] at : order) {
            if (byIndex[at[0]] == null) {
                byIndex[at[0]] = new CheckedLayer(spec.layers().get(at[0]), Arrays.asList(calls[at[0]]), weights[at[0]]);
                layers.add(byIndex[at[0]]);
            }
            steps.add(new CheckedModel.Step(byIndex[at[0]], calls[at[0]][at[1]]));
        }
        return new CheckedModel(spec, layers, steps);
    }

    @SuppressWarnings("unchecked")
    private static List<Weight>[] newWeightLists(int n) {
        return (List<Weight>[]) new List<?>[n];
    }

    /** Why a call can never run: the first tensor it reads that no input or other call provides. */
    private static ModelCheckException unreachable(ModelSpec spec, LayerNode node, LayerCall call, int index,
                                                   Map<TensorRef, Shape> shapes, Map<String, LayerNode> byName) {
        String who = node.spec().describe() + (node.calls().size() > 1 ? " (call #" + index + ")" : "");
        for (TensorRef r : call.inputs()) {
            if (!shapes.containsKey(r)) {
                String why = missing(spec, r, byName);
                return new ModelCheckException(who + ": reads '" + r + "', which is " + (why.startsWith("not")
                        ? why : why + " or cannot be computed before it (a cycle)"));
            }
        }
        return new ModelCheckException(who + ": cannot be computed");
    }

    /** What is wrong with a reference no checked call provides. */
    private static String missing(ModelSpec spec, TensorRef r, Map<String, LayerNode> byName) {
        LayerNode target = byName.get(r.layer());
        if (target == null) {
            boolean input = spec.inputs().stream().anyMatch(in -> in.name().equals(r.layer()));
            return input ? "not a tensor of model input '" + r.layer() + "' (an input has one tensor)"
                    : "neither a model input nor a layer of the model";
        }
        if (r.node() >= target.calls().size()) {
            return "not a call of layer '" + r.layer() + "', which is called " + target.calls().size() + " time(s)";
        }
        return "an output the layer does not have, or one that is not computed";
    }

    /** Refuses a tensor whose known dimensions already hold more than {@code limit} elements per example. */
    /**
     * Refuses a tensor a layer makes on the way to its output (an intermediate the output shape does not show)
     * when one example of it holds more elements than {@link Limits#TENSOR_ELEMENTS} allows.
     */
    public static void checkIntermediateSize(String what, Shape shape) {
        checkSize(what, shape, Limits.TENSOR_ELEMENTS.value());
    }

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

    private static void checkReuse(LayerNode node, int index, List<Shape> inputs, List<Weight> bound) {
        List<WeightSlot> slots = node.spec().weightSlots(inputs);
        boolean same = slots.size() == bound.size();
        for (int i = 0; same && i < slots.size(); i++) {
            same = slots.get(i).matches(bound.get(i).value());
        }
        if (!same) {
            throw new ModelCheckException(node.spec().describe() + ": call #" + index + " receives "
                    + inputs.stream().map(Shape::toKerasString).toList() + ", which needs weights " + slots
                    + " but the layer was built by its first call with "
                    + bound.stream().map(w -> w.name() + w.value().shapeString()).toList());
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
