package dev.keras2j.export.dl4j;

import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.LayerSupport;

/** The DL4J export's layer support, read from its translation registry (found by {@code ServiceLoader}). */
public final class Dl4jLayerSupport implements LayerSupport {
    @Override
    public String name() {
        return "DL4J";
    }

    @Override
    public boolean translates(Class<? extends LayerSpec> specClass) {
        return LayerTranslator.translatedClasses().contains(specClass);
    }
}
