package dev.keras2j.export.onnx;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.LayerSpec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which translator handles which layer family, by spec class. A spec class without a translator is
 * refused with its name.
 */
final class TranslatorRegistry {
    private final Map<Class<? extends LayerSpec>, MultiOutputTranslator<?>> translators = new HashMap<>();

    /** The registry of every family the export covers. */
    static TranslatorRegistry standard() {
        TranslatorRegistry r = new TranslatorRegistry();
        CoreTranslators.register(r);
        ActivationTranslators.register(r);
        ConvolutionTranslators.register(r);
        PoolingTranslators.register(r);
        NormalizationTranslators.register(r);
        MergeTranslators.register(r);
        RecurrentTranslators.register(r);
        OperationTranslators.register(r);
        GroupNormalizationTranslator.register(r);
        ImageResizeTranslators.register(r);
        EinsumDenseTranslator.register(r);
        MultiHeadAttentionTranslator.register(r);
        ConvLstmTranslator.register(r);
        AttentionTranslator.register(r);
        return r;
    }

    <S extends LayerSpec> void register(Class<S> specClass, LayerTranslator<S> translator) {
        registerMulti(specClass, (s, l, in, t) -> List.of(translator.translate(s, l, in, t)));
    }

    <S extends LayerSpec> void registerMulti(Class<S> specClass, MultiOutputTranslator<S> translator) {
        if (translators.put(specClass, translator) != null) {
            throw new IllegalStateException(specClass.getSimpleName() + " registered twice");
        }
    }

    /** Whether layers of this spec class have a translator (their options may still be refused). */
    boolean translates(Class<? extends LayerSpec> specClass) {
        return translators.containsKey(specClass);
    }

    @SuppressWarnings("unchecked")
    List<String> translate(CheckedLayer layer, List<String> inputs, Translation t) {
        LayerSpec spec = layer.spec();
        MultiOutputTranslator<LayerSpec> translator = (MultiOutputTranslator<LayerSpec>) translators.get(spec.getClass());
        if (translator == null) {
            throw Translation.refuse(spec, "the ONNX export has no translation for " + spec.className() + " layers");
        }
        List<String> outputs = translator.translate(spec, layer, inputs, t);
        int expected = layer.outputShapes().size();
        if (outputs.size() != expected) {
            throw Translation.refuse(spec, "this call returns " + expected + " tensors; the ONNX export gives "
                    + outputs.size());
        }
        return outputs;
    }
}
