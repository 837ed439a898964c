package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.layer.ArrayOperationSpec;
import dev.keras2j.model.layer.ElementwiseOperationSpec;
import dev.keras2j.model.layer.MatmulSpec;
import dev.keras2j.model.layer.ReductionSpec;
import dev.keras2j.runtime.RuntimeLayer;

import java.util.Map;
import java.util.function.Function;

/** Registers the runtime's Keras operation nodes. */
public final class OperationLayers {
    private OperationLayers() {
    }

    public static void register(Map<Class<? extends LayerSpec>, Function<CheckedLayer, RuntimeLayer>> f) {
        f.put(ArrayOperationSpec.class, ArrayOperationLayer::new);
        f.put(ReductionSpec.class, ReductionLayer::new);
        f.put(ElementwiseOperationSpec.class, ElementwiseOperationLayer::new);
        f.put(MatmulSpec.class, MatmulLayer::new);
    }
}
