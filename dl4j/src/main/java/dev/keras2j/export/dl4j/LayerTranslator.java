package dev.keras2j.export.dl4j;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.model.layer.DataFormat;
import dev.keras2j.model.layer.MergeSpec;
import dev.keras2j.model.layer.SlidingWindowSpec;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Translates each Keras layer into DL4J layers, vertices and preprocessors, with its weights converted to
 * DL4J's parameter layout, through the translation registered for its spec class (each family registers
 * its own, as the runtime's layer registries do). Every translation is exact or refused; a spec class
 * without a translation is refused with the layer and the reason.
 */
final class LayerTranslator {
    private static final Map<Class<? extends LayerSpec>, Translation> TRANSLATIONS = new HashMap<>();

    static {
        CoreTranslations.register(TRANSLATIONS);
        ConvolutionTranslations.register(TRANSLATIONS);
        RecurrentTranslations.register(TRANSLATIONS);
        ReshapingTranslations.register(TRANSLATIONS);
    }

    /** Why a known Keras class has no translation, where there is more to say than that. */
    private static final Map<String, String> WHY_NOT = Map.of(
            "GRU", "DL4J has no GRU layer",
            "Masking", "masks are not exported: DL4J networks take no Keras-style mask from a layer",
            "LayerNormalization", "DL4J has no LayerNormalization layer",
            "UnitNormalization", "DL4J has no UnitNormalization layer");

    private final NetworkPlan plan;

    LayerTranslator(NetworkPlan plan) {
        this.plan = plan;
    }

    /** The spec classes that have a DL4J translation. */
    static java.util.Set<Class<? extends LayerSpec>> translatedClasses() {
        return Collections.unmodifiableSet(TRANSLATIONS.keySet());
    }

    /**
     * Refuses a layer the export can never translate, whatever its place in the network: checked for every
     * layer before the inputs, so that a model of 3D or ConvLSTM layers is refused by its layer, not by its
     * rank-4 input.
     */
    static void refuseUntranslatable(CheckedLayer layer) {
        LayerSpec spec = layer.spec();
        String reason = spec.unsupportedReason();
        if (reason != null) {
            throw refuse(spec, reason);
        }
        if (spec instanceof SlidingWindowSpec w && w.rank() > 2) {
            // DL4J's 3D layers (Convolution3D, Subsampling3DLayer, ...) are not mapped: they are not exported.
            throw refuse(spec, "the DL4J export does not support 3D layers (" + spec.className() + ")");
        }
        if (!TRANSLATIONS.containsKey(spec.getClass())) {
            throw refuse(spec, WHY_NOT.getOrDefault(spec.className(),
                    "the DL4J export does not support " + spec.className() + " layers"));
        }
    }

    void translate(CheckedLayer layer) {
        LayerSpec spec = layer.spec();
        refuseUntranslatable(layer);
        Translation translation = TRANSLATIONS.get(spec.getClass());
        int inputs = layer.node().inbound().size();
        if (inputs != 1 && !(spec instanceof MergeSpec)) {
            throw refuse(spec, "layers with " + inputs + " inputs have no DL4J export");
        }
        LayerStep step = new LayerStep(layer, plan);
        if (spec instanceof SlidingWindowSpec w && layer.inputShape().rank() >= 2
                && (w.dataFormat() == DataFormat.CHANNELS_FIRST) != step.cf()) {
            throw refuse(spec, "data_format " + w.dataFormat().kerasName() + " differs from the layout of its input"
                    + " in the DL4J network (one data format per model is supported)");
        }
        translation.translate(step);
        plan.setChannelsFirst(layer.name(), step.outputChannelsFirst());
    }

    static UnsupportedModelException refuse(LayerSpec spec, String why) {
        return new UnsupportedModelException(spec.describe() + ": " + why);
    }
}
