package dev.keras2j.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A model whose every shape and weight has been checked against its architecture: the typed model
 * description that runtimes and exporters start from.
 */
public record CheckedModel(ModelSpec spec, List<CheckedLayer> layers) {
    public CheckedModel {
        layers = List.copyOf(layers);
    }

    public long totalParams() {
        long n = 0;
        for (CheckedLayer l : layers) {
            n += l.params();
        }
        return n;
    }

    public Shape inputShape() {
        return spec.inputs().get(0).shape();
    }

    /** The output shape of the (first) model output. */
    public Shape outputShape() {
        return layer(spec.outputs().get(0)).outputShape();
    }

    public CheckedLayer layer(String name) {
        for (CheckedLayer l : layers) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("no layer named " + name);
    }

    /**
     * True when the model is one chain: a single input, each layer reading only its predecessor, and the
     * last layer the only output.
     */
    public boolean isChain() {
        if (spec.inputs().size() != 1 || spec.outputs().size() != 1) {
            return false;
        }
        String previous = spec.inputs().get(0).name();
        for (CheckedLayer l : layers) {
            List<String> in = l.node().inbound();
            if (in.size() != 1 || !in.get(0).equals(previous)) {
                return false;
            }
            previous = l.name();
        }
        return layers.isEmpty() ? false : spec.outputs().get(0).equals(previous);
    }

    /**
     * Every reason the runtime cannot run this model exactly, one line each; empty when it can.
     */
    public List<String> unsupportedReasons() {
        List<String> reasons = new ArrayList<>();
        for (CheckedLayer l : layers) {
            String r = l.spec().unsupportedReason();
            if (r != null) {
                reasons.add(l.spec().describe() + ": " + r);
            }
        }
        return reasons;
    }
}
