package dev.keras2j.runtime;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.Keras2jException;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.UnsupportedModelException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checked model compiled to runtime layers. Immutable and safe to call from many threads at once.
 */
public final class RuntimeModel {
    private final CheckedModel model;
    private final List<RuntimeLayer> layers;

    private RuntimeModel(CheckedModel model, List<RuntimeLayer> layers) {
        this.model = model;
        this.layers = List.copyOf(layers);
    }

    /**
     * Builds the runtime for a checked model.
     *
     * @throws UnsupportedModelException when any layer or the model's structure cannot be run exactly
     */
    public static RuntimeModel compile(CheckedModel model) {
        List<String> reasons = model.unsupportedReasons();
        if (!reasons.isEmpty()) {
            throw new UnsupportedModelException(reasons.get(0));
        }
        List<RuntimeLayer> layers = new ArrayList<>();
        for (CheckedLayer l : model.layers()) {
            layers.add(RuntimeLayers.create(l));
        }
        return new RuntimeModel(model, layers);
    }

    public CheckedModel model() {
        return model;
    }

    /** Runs the model on a batch (batch axis first) and returns its output. */
    public NdArray predict(NdArray input) {
        MaskedArray x = MaskedArray.of(checkInput(input));
        for (RuntimeLayer layer : layers) {
            x = layer.forward(x);
        }
        return x.values();
    }

    /** Runs the model and returns every layer's output, keyed by layer name, in model order. */
    public Map<String, NdArray> predictLayers(NdArray input) {
        Map<String, NdArray> out = new LinkedHashMap<>();
        MaskedArray x = MaskedArray.of(checkInput(input));
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).forward(x);
            out.put(model.layers().get(i).name(), x.values());
        }
        return out;
    }

    private NdArray checkInput(NdArray input) {
        Shape expected = model.inputShape();
        int[] actual = input.shape();
        boolean ok = actual.length == expected.rank() + 1;
        for (int i = 0; ok && i < expected.rank(); i++) {
            int d = expected.dim(i);
            ok = d == Shape.UNKNOWN || d == actual[i + 1];
        }
        if (!ok) {
            throw new Keras2jException("input has shape " + input.shapeString() + " but the model expects "
                    + expected.toKerasString());
        }
        return input;
    }
}
