package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.layer.ActivationLayerSpec;
import dev.keras2j.model.layer.BatchNormalizationSpec;
import dev.keras2j.model.layer.AttentionSpec;
import dev.keras2j.model.layer.DenseSpec;
import dev.keras2j.model.layer.EinsumDenseSpec;
import dev.keras2j.model.layer.GroupNormalizationSpec;
import dev.keras2j.model.layer.DotSpec;
import dev.keras2j.model.layer.MultiHeadAttentionSpec;
import dev.keras2j.model.layer.LayerScaleSpec;
import dev.keras2j.model.layer.ScaledSumSpec;
import dev.keras2j.model.layer.MergeSpec;
import dev.keras2j.model.layer.FlattenSpec;
import dev.keras2j.model.layer.InferenceIdentitySpec;
import dev.keras2j.model.layer.LayerNormalizationSpec;
import dev.keras2j.model.layer.NormalizationSpec;
import dev.keras2j.model.layer.RescalingSpec;
import dev.keras2j.model.layer.PReLUSpec;
import dev.keras2j.model.layer.PermuteSpec;
import dev.keras2j.model.layer.RepeatVectorSpec;
import dev.keras2j.model.layer.ReshapeSpec;
import dev.keras2j.model.layer.SoftmaxSpec;
import dev.keras2j.model.layer.UnitNormalizationSpec;
import dev.keras2j.runtime.RuntimeLayer;

import java.util.Map;
import java.util.function.Function;

/** Registers the runtime's core layers. */
public final class CoreLayers {
    private CoreLayers() {
    }

    public static void register(Map<Class<? extends LayerSpec>, Function<CheckedLayer, RuntimeLayer>> f) {
        f.put(DenseSpec.class, DenseLayer::new);
        f.put(EinsumDenseSpec.class, EinsumDenseLayer::new);
        f.put(GroupNormalizationSpec.class, GroupNormalizationLayer::new);
        f.put(ActivationLayerSpec.class, ActivationLayer::new);
        f.put(SoftmaxSpec.class, SoftmaxLayer::new);
        f.put(PReLUSpec.class, PReLULayer::new);
        f.put(InferenceIdentitySpec.class, IdentityLayer::new);
        f.put(FlattenSpec.class, FlattenLayer::new);
        f.put(ReshapeSpec.class, ReshapeLayer::new);
        f.put(PermuteSpec.class, PermuteLayer::new);
        f.put(RepeatVectorSpec.class, RepeatVectorLayer::new);
        f.put(BatchNormalizationSpec.class, BatchNormalizationLayer::new);
        f.put(LayerNormalizationSpec.class, LayerNormalizationLayer::new);
        f.put(UnitNormalizationSpec.class, UnitNormalizationLayer::new);
        f.put(RescalingSpec.class, RescalingLayer::new);
        f.put(NormalizationSpec.class, NormalizationLayer::new);
        f.put(MergeSpec.class, MergeLayer::new);
        f.put(LayerScaleSpec.class, LayerScaleLayer::new);
        f.put(ScaledSumSpec.class, ScaledSumLayer::new);
        f.put(DotSpec.class, DotLayer::new);
        f.put(MultiHeadAttentionSpec.class, MultiHeadAttentionLayer::new);
        f.put(AttentionSpec.class, AttentionLayer::new);
    }
}
