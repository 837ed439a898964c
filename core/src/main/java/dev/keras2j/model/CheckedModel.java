package dev.keras2j.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A model whose every shape and weight has been checked against its architecture: the typed model
 * description that runtimes and exporters start from.
 *
 * @param spec   the model as read
 * @param layers every layer once, in the order of their first calls in {@code steps}
 * @param steps  every call of every layer, in an order where each call follows the calls it reads
 */
public record CheckedModel(ModelSpec spec, List<CheckedLayer> layers, List<Step> steps) {
    /** One call of a layer, as the graph is evaluated. */
    public record Step(CheckedLayer layer, CheckedCall call) {
        /** The tensor this step's output {@code tensor} is. */
        public TensorRef output(int tensor) {
            return new TensorRef(layer.name(), call.index(), tensor);
        }
    }

    public CheckedModel {
        layers = List.copyOf(layers);
        steps = List.copyOf(steps);
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
        return shape(spec.outputs().get(0));
    }

    /** The shapes of the model outputs, in order. */
    public List<Shape> outputShapes() {
        return spec.outputs().stream().map(this::shape).toList();
    }

    /** The shape of a tensor of the graph: a model input or a layer call's output. */
    public Shape shape(TensorRef ref) {
        for (InputSpec in : spec.inputs()) {
            if (ref.isFirst() && in.name().equals(ref.layer())) {
                return in.shape();
            }
        }
        return layer(ref.layer()).calls().get(ref.node()).outputShapes().get(ref.tensor());
    }

    public CheckedLayer layer(String name) {
        for (CheckedLayer l : layers) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("no layer named " + name);
    }

    /** Whether every layer is called once, has one output and reads only first outputs. */
    public boolean isSimpleGraph() {
        for (CheckedLayer l : layers) {
            if (!l.node().isSimple() || l.outputShapes().size() != 1) {
                return false;
            }
        }
        return spec.outputs().stream().allMatch(TensorRef::isFirst);
    }

    /**
     * True when the model is one chain: a single input, each layer called once reading only its
     * predecessor, and the last layer the only output.
     */
    public boolean isChain() {
        if (spec.inputs().size() != 1 || spec.outputs().size() != 1 || !isSimpleGraph()) {
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
        return !layers.isEmpty() && spec.outputs().get(0).equals(TensorRef.of(previous));
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
