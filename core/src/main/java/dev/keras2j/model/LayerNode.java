package dev.keras2j.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A layer placed in the model graph: its spec and its calls. Most layers are called once; a shared layer
 * (or a layer of a nested model called at several places) has one {@link LayerCall} per call, and its
 * weights are bound once for all of them.
 */
public final class LayerNode {
    private final LayerSpec spec;
    private final List<LayerCall> calls;
    private final List<ModelScope> scope;

    /** A layer called once on the first outputs of the named layers or model inputs. */
    public LayerNode(LayerSpec spec, List<String> inbound) {
        this(List.of(new LayerCall(TensorRef.list(inbound))), spec);
    }

    private LayerNode(List<LayerCall> calls, LayerSpec spec) {
        this(calls, spec, List.of());
    }

    private LayerNode(List<LayerCall> calls, LayerSpec spec, List<ModelScope> scope) {
        if (calls.isEmpty()) {
            throw new IllegalArgumentException(spec.describe() + ": a layer in the graph needs at least one call");
        }
        this.spec = spec;
        this.calls = List.copyOf(calls);
        this.scope = List.copyOf(scope);
        long shared = 1;
        for (ModelScope s : this.scope) {
            shared *= s.calls();
        }
        // A nested model called K times gives each of its layers K times the calls it makes inside it.
        if (this.calls.size() % shared != 0) {
            throw new IllegalArgumentException(spec.describe() + ": " + this.calls.size() + " calls inside nested models "
                    + this.scope + " called " + shared + " times in all");
        }
    }

    /** A layer of the model itself (in no nested model) with the given calls, in Keras's node order. */
    public static LayerNode called(LayerSpec spec, List<LayerCall> calls) {
        return new LayerNode(calls, spec);
    }

    /** This layer, in the same nested models, with other calls (a nested model's calls wired to the outer graph). */
    public LayerNode withCalls(List<LayerCall> newCalls) {
        return new LayerNode(newCalls, spec, scope);
    }

    /** This layer as part of the nested model {@code outer}, which contains the nested models it was in. */
    public LayerNode within(ModelScope outer) {
        List<ModelScope> s = new ArrayList<>(scope.size() + 1);
        s.add(outer);
        s.addAll(scope);
        return new LayerNode(calls, spec, s);
    }

    public LayerSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    /**
     * The nested models this layer came from, outermost first; empty for a layer of the model itself. Only
     * for showing the model: the flattened graph runs the same.
     */
    public List<ModelScope> scope() {
        return scope;
    }

    /** The layer's calls, in node-index order. */
    public List<LayerCall> calls() {
        return calls;
    }

    /**
     * The names of the layers (or model inputs) a layer called once reads, each through its first output.
     * For consumers that handle only simple graphs.
     *
     * @throws IllegalStateException when the layer is called several times or reads another tensor than a
     *                               layer's first output of its first call; use {@link #calls()} then
     */
    public List<String> inbound() {
        if (calls.size() != 1) {
            throw new IllegalStateException(spec.describe() + " is called " + calls.size() + " times");
        }
        List<String> names = new ArrayList<>();
        for (TensorRef r : calls.get(0).inputs()) {
            if (!r.isFirst()) {
                throw new IllegalStateException(spec.describe() + " reads " + r + ", not a layer's first output");
            }
            names.add(r.layer());
        }
        return names;
    }

    /** Whether the layer is called once and reads only first outputs of first calls. */
    public boolean isSimple() {
        return calls.size() == 1 && calls.get(0).inputs().stream().allMatch(TensorRef::isFirst);
    }

    @Override
    public String toString() {
        return spec.describe() + (scope.isEmpty() ? "" : " in " + scope) + " " + calls;
    }
}
