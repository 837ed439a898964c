package dev.keras2j.keras;

import dev.keras2j.model.LayerCall;
import dev.keras2j.model.LayerNode;
import dev.keras2j.model.TensorRef;
import dev.keras2j.model.UnsupportedModelException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flattens the models nested in a model into its graph. A nested model called {@code K} times becomes its
 * layers, each with {@code K} times its own calls: call {@code j} of an inner layer under outer call
 * {@code k} is call {@code k * p + j} of the flattened layer, where {@code p} is the layer's call count
 * inside the nested model. Its inputs read what the outer call passes; a reference to output {@code t} of
 * call {@code k} of the nested model reads the inner tensor that is its output {@code t}, under call
 * {@code k}. The weights stay the nested model's, once (see {@link ParsedModel.SavedLayer}).
 */
final class NestedModels {
    /** A nested model as the outer config lists it: the model read on its own, and its calls in the outer graph. */
    private record Nested(String name, String className, ParsedModel inner, List<LayerCall> calls) {
    }

    private final String source;
    private final Map<String, Nested> nested = new LinkedHashMap<>();

    NestedModels(String source) {
        this.source = source;
    }

    boolean isEmpty() {
        return nested.isEmpty();
    }

    boolean contains(String name) {
        return nested.containsKey(name);
    }

    /** Records a nested model and its calls; each call must pass one tensor per input of the nested model. */
    void add(String name, String className, ParsedModel inner, List<LayerCall> calls) {
        for (int k = 0; k < calls.size(); k++) {
            int passed = calls.get(k).inputs().size();
            if (passed != inner.inputs().size()) {
                throw new UnsupportedModelException(source + ": " + name + " (" + className + "): call #" + k + " passes "
                        + passed + " tensor(s) to a nested model with " + inner.inputs().size() + " input(s)");
            }
        }
        nested.put(name, new Nested(name, className, inner, calls));
    }

    /** The tensor of the flattened graph that {@code ref} stands for (itself unless it names a nested model). */
    TensorRef resolve(TensorRef ref) {
        TensorRef r = ref;
        // Each step goes one nesting level or one outer call back; the bound only guards malformed cycles.
        for (int guard = 0; guard < 10_000; guard++) {
            Nested n = nested.get(r.layer());
            if (n == null) {
                return r;
            }
            if (r.node() >= n.calls().size()) {
                throw new UnsupportedModelException(source + ": reference '" + r + "' names call #" + r.node()
                        + " of nested model '" + n.name() + "', which is called " + n.calls().size() + " time(s)");
            }
            if (r.tensor() >= n.inner().outputs().size()) {
                throw new UnsupportedModelException(source + ": reference '" + r + "' names output #" + r.tensor()
                        + " of nested model '" + n.name() + "', which has " + n.inner().outputs().size() + " output(s)");
            }
            r = inner(n, r.node(), n.inner().outputs().get(r.tensor()));
        }
        throw new UnsupportedModelException(source + ": reference '" + ref + "' goes round a cycle of nested models");
    }

    /** An inner tensor of nested model {@code n} as seen from its outer call {@code k}. */
    private TensorRef inner(Nested n, int k, TensorRef innerRef) {
        List<String> innerInputs = n.inner().inputs().stream().map(in -> in.name()).toList();
        int input = innerRef.isFirst() ? innerInputs.indexOf(innerRef.layer()) : -1;
        if (input >= 0) {
            return n.calls().get(k).inputs().get(input);
        }
        int perCall = callsOf(n.inner(), innerRef.layer());
        return new TensorRef(innerRef.layer(), k * perCall + innerRef.node(), innerRef.tensor());
    }

    private static int callsOf(ParsedModel model, String layer) {
        for (LayerNode node : model.layers()) {
            if (node.name().equals(layer)) {
                return node.calls().size();
            }
        }
        return 1; // not a layer of the nested model: the checker names the dangling reference
    }

    /** Every nested model's layers, with their calls wired to the flattened graph. */
    List<LayerNode> flattenedLayers() {
        List<LayerNode> out = new ArrayList<>();
        for (String name : nested.keySet()) {
            out.addAll(flattenedLayers(name));
        }
        return out;
    }

    /** The layers of nested model {@code name}, with their calls wired to the flattened graph. */
    List<LayerNode> flattenedLayers(String name) {
        List<LayerNode> out = new ArrayList<>();
        Nested n = nested.get(name);
        for (LayerNode layer : n.inner().layers()) {
            List<LayerCall> calls = new ArrayList<>();
            for (int k = 0; k < n.calls().size(); k++) {
                for (LayerCall c : layer.calls()) {
                    List<TensorRef> inputs = new ArrayList<>(c.inputs().size());
                    for (TensorRef r : c.inputs()) {
                        inputs.add(resolve(inner(n, k, r)));
                    }
                    calls.add(new LayerCall(inputs, c.kwargs()));
                }
            }
            out.add(LayerNode.called(layer.spec(), calls));
        }
        return out;
    }

    /** {@code call} with every reference resolved. */
    LayerCall resolve(LayerCall call) {
        return new LayerCall(call.inputs().stream().map(this::resolve).toList(), call.kwargs());
    }
}
