package dev.keras2j.runtime;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.runtime.layer.ConvolutionLayers;
import dev.keras2j.runtime.layer.CoreLayers;
import dev.keras2j.runtime.layer.ImageLayers;
import dev.keras2j.runtime.layer.OperationLayers;
import dev.keras2j.runtime.layer.RecurrentLayers;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** Builds the runtime layer for each layer spec class; each family registers its own. */
public final class RuntimeLayers {
    private static final Map<Class<? extends LayerSpec>, Function<CheckedLayer, RuntimeLayer>> FACTORIES = new HashMap<>();

    static {
        CoreLayers.register(FACTORIES);
        ConvolutionLayers.register(FACTORIES);
        RecurrentLayers.register(FACTORIES);
        ImageLayers.register(FACTORIES);
        OperationLayers.register(FACTORIES);
    }

    private RuntimeLayers() {
    }

    /**
     * The runtime layer for a checked layer.
     *
     * @throws UnsupportedModelException when the layer cannot be run exactly
     */
    public static RuntimeLayer create(CheckedLayer layer) {
        String reason = layer.spec().unsupportedReason();
        if (reason != null) {
            throw new UnsupportedModelException(layer.spec().describe() + ": " + reason);
        }
        Function<CheckedLayer, RuntimeLayer> factory = FACTORIES.get(layer.spec().getClass());
        if (factory == null) {
            throw new UnsupportedModelException(layer.spec().describe() + ": the runtime has no implementation of "
                    + layer.spec().className());
        }
        return factory.apply(layer);
    }

    /** Whether the runtime implements this spec class. */
    public static boolean implemented(Class<? extends LayerSpec> specClass) {
        return FACTORIES.containsKey(specClass);
    }
}
