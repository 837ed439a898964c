package dev.keras2j.export.onnx;

import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.LayerSupport;

/** The ONNX export's layer support, read from its translator registry (found by {@code ServiceLoader}). */
public final class OnnxLayerSupport implements LayerSupport {
    private static final TranslatorRegistry REGISTRY = TranslatorRegistry.standard();

    @Override
    public String name() {
        return "ONNX";
    }

    @Override
    public boolean translates(Class<? extends LayerSpec> specClass) {
        return REGISTRY.translates(specClass);
    }
}
