package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;

import java.util.Map;
import java.util.function.Function;

/**
 * Registers the Keras 3 operation nodes keras2j computes with specs of their own ({@code ops.Name}, as the
 * dialect reader names them); the operations a layer computes exactly become that layer there.
 */
public final class OperationSpecs {
    private OperationSpecs() {
    }

    public static void register(Map<String, Function<LayerConfig, LayerSpec>> f) {
        for (ArrayOperationSpec.Kind k : ArrayOperationSpec.Kind.values()) {
            f.put("ops." + k.kerasName(), ArrayOperationSpec::new);
        }
        for (ReductionSpec.Kind k : ReductionSpec.Kind.values()) {
            f.put("ops." + k.kerasName(), ReductionSpec::new);
        }
        for (ElementwiseOperationSpec.Kind k : ElementwiseOperationSpec.Kind.values()) {
            f.put("ops." + k.kerasName(), ElementwiseOperationSpec::new);
        }
        f.put("ops.Matmul", MatmulSpec::new);
    }

    /** The operation's Keras class name: the config's class without keras2j's {@code ops.} prefix. */
    static String kerasName(LayerConfig config) {
        return config.className().substring("ops.".length());
    }

    /** The constant of {@code kinds} whose Keras class name is the operation's (each spec family's enum). */
    static <E extends Enum<E>> E kind(LayerConfig config, E[] kinds, Function<E, String> kerasName) {
        String name = kerasName(config);
        for (E k : kinds) {
            if (kerasName.apply(k).equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException(name);
    }
}
