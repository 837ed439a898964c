package dev.keras2j.keras;

import dev.keras2j.model.LayerCall;
import dev.keras2j.model.LayerNode;
import dev.keras2j.model.ModelScope;
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
 * {@code k}. The weights stay the nested model's, once (see {@link ParsedModel.SavedLayer}). Each flattened
 * layer records the nested model it came from ({@link LayerNode#scope()}), for pictures and reports.
 *
 * <p>Node indices of a nested model: Keras 1 and 2 count a model's own construction as its node 0, so
 * their configs refer to its first call as node 1 (unless a file refers to a node 0, which then is the
 * first call); Keras 3 counts calls from 0 in {@code inbound_nodes} but writes {@code output_layers} and
 * {@code input_layers} with a Functional model's first call as node 1 (its {@code from_config} subtracts 1).
 */
final class NestedModels {
    /** A nested model as the outer config lists it: the model read on its own, and its calls in the outer graph. */
    private record Nested(String name, String className, ParsedModel inner, List<LayerCall> calls) {
    }

    private final String source;
    private final int major;
    private final Map<String, Nested> nested = new LinkedHashMap<>();
    /** Nested models a Keras 1/2 config refers to as node 0: their node indices count from their first call. */
    private final java.util.Set<String> zeroBased = new java.util.HashSet<>();

    NestedModels(String source, int major) {
        this.source = source;
        this.major = major;
    }

    /** Notes a reference as the config writes it, before {@link #toCall} converts any. */
    void noteReference(TensorRef ref) {
        if (ref.node() == 0) {
            zeroBased.add(ref.layer());
        }
    }

    /**
     * A reference as the config writes it, with a nested model's node index made its call index.
     *
     * @param endpoint whether it comes from {@code input_layers}/{@code output_layers}
     */
    TensorRef toCall(TensorRef ref, boolean endpoint) {
        Nested n = nested.get(ref.layer());
        if (n == null) {
            return ref;
        }
        int offset = major >= 3 ? (endpoint && !n.className().equals("Sequential") ? 1 : 0)
                : (zeroBased.contains(ref.layer()) ? 0 : 1);
        if (ref.node() < offset) {
            throw new UnsupportedModelException(source + ": reference '" + ref + "' names node " + ref.node()
                    + " of nested model '" + n.name() + "', which is its construction, not a call in this model");
        }
        return new TensorRef(ref.layer(), ref.node() - offset, ref.tensor());
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
            return toCall(n.calls().get(k).inputs().get(input), false);
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
                    calls.add(new LayerCall(inputs, c.kwargs(), c.receivesMask()));
                }
            }
            out.add(layer.withCalls(calls).within(new ModelScope(n.name(), n.className(), n.calls().size())));
        }
        return out;
    }

    /** {@code call}, as the config writes it, with every reference converted and resolved. */
    LayerCall resolve(LayerCall call) {
        return new LayerCall(call.inputs().stream().map(r -> resolve(toCall(r, false))).toList(), call.kwargs(),
                call.receivesMask());
    }

    /** The raw references every nested model's calls make, for {@link #noteReference}. */
    List<TensorRef> callReferences() {
        List<TensorRef> out = new ArrayList<>();
        for (Nested n : nested.values()) {
            n.calls().forEach(c -> out.addAll(c.inputs()));
        }
        return out;
    }
}
