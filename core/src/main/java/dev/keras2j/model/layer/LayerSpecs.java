package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.UnsupportedModelException;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Turns a layer's (Keras 3 named) configuration into its typed spec. Each layer family registers its
 * classes in its own {@code register} method.
 */
public final class LayerSpecs {
    /** Layers that carry Python code or user classes; keras2j never executes code from a model file. */
    private static final Set<String> CODE_LAYERS = Set.of("Lambda", "TFOpLambda", "SlicingOpLambda", "TFLambda");

    private static final Map<String, Function<LayerConfig, LayerSpec>> FACTORIES = new TreeMap<>();

    static {
        CoreSpecs.register(FACTORIES);
        ConvolutionSpecs.register(FACTORIES);
        RecurrentSpecs.register(FACTORIES);
        ImageLayerSpecs.register(FACTORIES);
        OperationSpecs.register(FACTORIES);
    }

    private LayerSpecs() {
    }

    /**
     * The spec for a layer.
     *
     * @throws UnsupportedModelException for a {@code Lambda} or custom layer, or a class keras2j does not know
     */
    public static LayerSpec create(LayerConfig config) {
        String cls = config.className();
        if (CODE_LAYERS.contains(cls)) {
            throw new UnsupportedModelException(config.describe()
                    + ": refused: a " + cls + " layer carries Python code, and keras2j never executes code from a model file");
        }
        Function<LayerConfig, LayerSpec> factory = FACTORIES.get(cls);
        if (factory == null) {
            throw new UnsupportedModelException(config.describe() + ": unknown layer class '" + cls
                    + "' (a custom or unsupported layer); supported: " + String.join(", ", FACTORIES.keySet()));
        }
        return factory.apply(config);
    }

    /** The Keras class names keras2j knows, sorted. */
    public static Set<String> supportedClasses() {
        return java.util.Collections.unmodifiableSet(FACTORIES.keySet());
    }
}
