package dev.keras2j.export.onnx;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.UnsupportedModelException;

import java.util.List;

/** What a translator works with: the graph under construction and the registry, for wrapper layers. */
final class Translation {
    private final OnnxGraph graph;
    private final TranslatorRegistry registry;

    Translation(OnnxGraph graph, TranslatorRegistry registry) {
        this.graph = graph;
        this.registry = registry;
    }

    OnnxGraph graph() {
        return graph;
    }

    int opset() {
        return graph.opset();
    }

    /** Translates a layer call (a wrapper's inner layer, too) through the registry: its output values. */
    List<String> translate(CheckedLayer layer, List<String> inputs) {
        String reason = layer.spec().unsupportedReason();
        if (reason != null) {
            throw refuse(layer.spec(), reason);
        }
        return registry.translate(layer, inputs, this);
    }

    /** The refusal of a layer: {@code name (Class): why}. */
    static UnsupportedModelException refuse(LayerSpec spec, String why) {
        return new UnsupportedModelException(spec.describe() + ": " + why);
    }

    /** Refuses unless the opset is at least {@code needed}. */
    void requireOpset(LayerSpec spec, int needed, String what) {
        if (opset() < needed) {
            throw refuse(spec, what + " needs opset " + needed + " or later; the export targets opset " + opset());
        }
    }
}
