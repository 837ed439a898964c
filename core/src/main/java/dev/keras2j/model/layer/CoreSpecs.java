package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;

import java.util.Map;
import java.util.function.Function;

/** Registers the core layers: Dense, activations, dropout family, reshaping, normalization, merging. */
final class CoreSpecs {
    private CoreSpecs() {
    }

    static void register(Map<String, Function<LayerConfig, LayerSpec>> f) {
        f.put("Dense", DenseSpec::new);
        for (String cls : new String[] {"Activation", "LeakyReLU", "ELU", "ReLU", "ThresholdedReLU"}) {
            f.put(cls, ActivationLayerSpec::new);
        }
        f.put("Softmax", SoftmaxSpec::new);
        f.put("PReLU", PReLUSpec::new);
        for (String cls : new String[] {"Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
            "GaussianNoise", "GaussianDropout", "AlphaDropout", "ActivityRegularization", "Identity",
            "StochasticDepth"}) {
            f.put(cls, InferenceIdentitySpec::new);
        }
        f.put("Flatten", FlattenSpec::new);
        f.put("Reshape", ReshapeSpec::new);
        f.put("Permute", PermuteSpec::new);
        f.put("RepeatVector", RepeatVectorSpec::new);
        f.put("BatchNormalization", BatchNormalizationSpec::new);
        f.put("LayerNormalization", LayerNormalizationSpec::new);
        f.put("UnitNormalization", UnitNormalizationSpec::new);
        f.put("GroupNormalization", GroupNormalizationSpec::new);
        f.put("EinsumDense", EinsumDenseSpec::new);
        f.put("LayerScale", LayerScaleSpec::new);
        f.put("CustomScaleLayer", ScaledSumSpec::new);
        f.put("Rescaling", RescalingSpec::new);
        f.put("Normalization", NormalizationSpec::new);
        // Divide: only a Keras or TensorFlow operation node (x / y); MergeSpec refuses it without operands.
        for (String cls : new String[] {"Add", "Subtract", "Multiply", "Divide", "Average", "Maximum", "Minimum", "Concatenate"}) {
            f.put(cls, MergeSpec::new);
        }
        f.put("Dot", DotSpec::new);
        f.put("MultiHeadAttention", MultiHeadAttentionSpec::new);
        f.put("Attention", AttentionSpec::new);
        f.put("AdditiveAttention", AttentionSpec::new);
    }
}
