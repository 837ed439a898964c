package dev.keras2j.model.layer;

import dev.keras2j.model.ActivationSpec;
import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerNode;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.ModelCheckException;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.model.WeightSlot;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayers;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Option parsing, shape rules, refusals and mask propagation of the core layer specs. */
class CoreSpecsTest {
    private static LayerSpec spec(String cls, int kerasVersion, Object... kv) {
        Map<String, Object> options = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            options.put((String) kv[i], kv[i + 1]);
        }
        return LayerSpecs.create(new LayerConfig(cls, "l", options, kerasVersion));
    }

    private static Shape out(LayerSpec s, int... dims) {
        return s.outputShape(List.of(Shape.of(dims)));
    }

    private static List<String> slotNames(LayerSpec s, int... dims) {
        return s.weightSlots(List.of(Shape.of(dims))).stream().map(WeightSlot::name).toList();
    }

    @Test
    void keras2LeakyReluAlphaIsTheSlope() {
        ActivationLayerSpec s = (ActivationLayerSpec) spec("LeakyReLU", 2, "alpha", 0.1);
        assertThat(s.activation().alpha()).isEqualTo(0.1);
        assertThat(((ActivationLayerSpec) spec("LeakyReLU", 3)).activation().alpha()).isEqualTo(0.3);
        assertThat(((ActivationLayerSpec) spec("LeakyReLU", 3, "negative_slope", 0.05)).activation().alpha())
                .isEqualTo(0.05);
    }

    @Test
    void thresholdedReluAndReluOptions() {
        ActivationLayerSpec t = (ActivationLayerSpec) spec("ThresholdedReLU", 2, "theta", 0.7);
        assertThat(t.activation().kind()).isEqualTo(ActivationSpec.Kind.THRESHOLDED_RELU);
        assertThat(t.activation().threshold()).isEqualTo(0.7);
        ActivationLayerSpec r = (ActivationLayerSpec) spec("ReLU", 3, "max_value", 6.0, "negative_slope", 0.1);
        assertThat(r.activation().maxValue()).isEqualTo(6.0);
        assertThat(Double.isNaN(((ActivationLayerSpec) spec("ReLU", 3)).activation().maxValue())).isTrue();
        assertThatThrownBy(() -> spec("ReLU", 3, "max_value", -1.0))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("l (ReLU)");
    }

    @Test
    void hardSigmoidActivationLayerFollowsTheFileVersion() {
        assertThat(((ActivationLayerSpec) spec("Activation", 2, "activation", "hard_sigmoid")).activation().kind())
                .isEqualTo(ActivationSpec.Kind.HARD_SIGMOID_KERAS2);
    }

    @Test
    void batchNormalizationSlotsFollowCenterScaleAndRenorm() {
        assertThat(slotNames(spec("BatchNormalization", 3), 4, 5))
                .containsExactly("gamma", "beta", "moving_mean", "moving_variance");
        assertThat(slotNames(spec("BatchNormalization", 3, "center", false, "scale", false), 4, 5))
                .containsExactly("moving_mean", "moving_variance");
        assertThat(slotNames(spec("BatchNormalization", 3, "renorm", true), 5)).containsExactly("gamma", "beta",
                "moving_mean", "moving_variance", "moving_stddev", "renorm_mean", "renorm_stddev");
        assertThat(spec("BatchNormalization", 3, "axis", 1).weightSlots(List.of(Shape.of(3, 4, 5))).get(0).shape())
                .containsExactly(3);
        assertThat(((BatchNormalizationSpec) spec("BatchNormalization", 2, "axis", List.of(-1))).axis()).isEqualTo(-1);
    }

    @Test
    void batchNormalizationRefusals() {
        assertThatThrownBy(() -> spec("BatchNormalization", 1, "mode", 2))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("mode");
        assertThatThrownBy(() -> spec("BatchNormalization", 2, "virtual_batch_size", 8))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("virtual_batch_size");
        assertThatThrownBy(() -> spec("BatchNormalization", 2, "axis", List.of(1, 2)))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("axis");
        assertThatThrownBy(() -> out(spec("BatchNormalization", 3, "axis", 3), 4, 5))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> out(spec("BatchNormalization", 3), 4, -1))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("unknown");
    }

    @Test
    void layerNormalizationWeightsAndRefusals() {
        LayerSpec rms = spec("LayerNormalization", 3, "rms_scaling", true);
        assertThat(slotNames(rms, 4, 6)).containsExactly("gamma");
        LayerSpec mixed = spec("LayerNormalization", 3, "axis", List.of(-1, 1));
        assertThat(mixed.weightSlots(List.of(Shape.of(3, 4, 2))).get(0).shape()).containsExactly(2, 3);
        assertThatThrownBy(() -> out(spec("LayerNormalization", 2, "axis", List.of(2, 1)), 3, 4, 2))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("axis");
        assertThat(spec("LayerNormalization", 2, "axis", List.of(1, 2))
                .weightSlots(List.of(Shape.of(3, 4, 2))).get(0).shape()).containsExactly(3, 4);
        assertThatThrownBy(() -> out(spec("LayerNormalization", 3, "axis", 0), 4))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("batch");
    }

    @Test
    void reshapingShapes() {
        assertThat(out(spec("Flatten", 3), 3, -1)).isEqualTo(Shape.of(-1));
        assertThat(out(spec("Flatten", 3), new int[0])).isEqualTo(Shape.of(1));
        assertThat(out(spec("Reshape", 3, "target_shape", List.of(3, -1)), 4, 6)).isEqualTo(Shape.of(3, 8));
        assertThat(out(spec("Reshape", 3, "target_shape", List.of(-1, 2)), -1, 6)).isEqualTo(Shape.of(-1, 2));
        assertThatThrownBy(() -> out(spec("Reshape", 3, "target_shape", List.of(5, -1)), 4, 6))
                .isInstanceOf(ModelCheckException.class);
        assertThatThrownBy(() -> spec("Reshape", 3, "target_shape", List.of(-1, -1)))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("target_shape");
        assertThat(out(spec("Permute", 3, "dims", List.of(3, 1, 2)), 3, 4, 5)).isEqualTo(Shape.of(5, 3, 4));
        assertThatThrownBy(() -> spec("Permute", 3, "dims", List.of(0, 1)))
                .isInstanceOf(UnsupportedModelException.class);
        assertThatThrownBy(() -> out(spec("Permute", 3, "dims", List.of(2, 1)), 3, 4, 5))
                .isInstanceOf(ModelCheckException.class);
        assertThat(out(spec("RepeatVector", 3, "n", 4), 5)).isEqualTo(Shape.of(4, 5));
        assertThatThrownBy(() -> out(spec("SpatialDropout2D", 3, "rate", 0.2), 4, 5))
                .isInstanceOf(ModelCheckException.class);
    }

    @Test
    void preluAlphaShapeAndRefusals() {
        LayerSpec p = spec("PReLU", 3, "shared_axes", List.of(1));
        assertThat(p.weightSlots(List.of(Shape.of(-1, 4))).get(0).shape()).containsExactly(1, 4);
        assertThatThrownBy(() -> spec("PReLU", 3).weightSlots(List.of(Shape.of(-1, 4))))
                .isInstanceOf(ModelCheckException.class);
        assertThatThrownBy(() -> spec("PReLU", 3, "shared_axes", List.of(-1)))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("shared_axes");
    }

    @Test
    void stochasticDepthIsTheIdentityAtInferenceWithItsRateRecorded() {
        LayerSpec s = spec("StochasticDepth", 3, "drop_path_rate", 0.25);
        assertThat(s).isInstanceOf(InferenceIdentitySpec.class);
        assertThat(((InferenceIdentitySpec) s).rate()).isEqualTo(0.25);
        assertThat(out(s, 2, 2, 5)).isEqualTo(Shape.of(2, 2, 5));
        MaskedArray x = new MaskedArray(NdArray.of(new float[] {-1, 2, -3, 4}, 1, 2, 2), null);
        assertThat(run(s, Shape.of(2, 2), x).values().data()).containsExactly(-1f, 2f, -3f, 4f);
    }

    @Test
    void softmaxRefusesTheBatchAxis() {
        assertThatThrownBy(() -> out(spec("Softmax", 3, "axis", 0), 4))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("batch");
    }

    private static MaskedArray run(LayerSpec s, Shape in, MaskedArray x) {
        Shape o = s.outputShape(List.of(in));
        return RuntimeLayers.create(new CheckedLayer(new LayerNode(s, List.of("in")), List.of(in), o, List.of()))
                .forward(x);
    }

    @Test
    void maskPassesThroughElementWiseLayersAndIsDroppedByReshaping() {
        boolean[] mask = {true, false, true};
        MaskedArray x = new MaskedArray(NdArray.of(new float[] {-1, 2, -3, 4, -5, 6}, 1, 3, 2), mask);
        Shape in = Shape.of(3, 2);
        assertThat(run(spec("Dropout", 3, "rate", 0.5), in, x).mask()).isSameAs(mask);
        assertThat(run(spec("ReLU", 3), in, x).mask()).isSameAs(mask);
        assertThat(run(spec("LayerNormalization", 3, "center", false, "scale", false), in, x).mask()).isSameAs(mask);
        assertThat(run(spec("Flatten", 3), in, x).mask()).isNull();
        assertThat(run(spec("Permute", 3, "dims", List.of(2, 1)), in, x).mask()).isNull();
        assertThat(run(spec("Reshape", 3, "target_shape", List.of(6)), in, x).mask()).isNull();
    }

    @Test
    void softmaxRefusesAMaskThatDoesNotCoverItsInput() {
        MaskedArray x = new MaskedArray(NdArray.of(new float[6], 1, 3, 2), new boolean[] {true, false, true});
        assertThatThrownBy(() -> run(spec("Softmax", 3), Shape.of(3, 2), x))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("l (Softmax)");
    }

    @Test
    void everyCoreClassIsRegisteredWithARuntime() {
        for (String cls : List.of("Dense", "Activation", "LeakyReLU", "ELU", "ReLU", "ThresholdedReLU", "Softmax",
                "PReLU", "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise",
                "GaussianDropout", "AlphaDropout", "ActivityRegularization", "Identity", "StochasticDepth", "Flatten", "Reshape",
                "Permute", "RepeatVector", "BatchNormalization", "LayerNormalization", "UnitNormalization")) {
            assertThat(LayerSpecs.supportedClasses()).contains(cls);
        }
        for (Class<? extends LayerSpec> c : List.of(ActivationLayerSpec.class, SoftmaxSpec.class, PReLUSpec.class,
                InferenceIdentitySpec.class, FlattenSpec.class, ReshapeSpec.class, PermuteSpec.class,
                RepeatVectorSpec.class, BatchNormalizationSpec.class, LayerNormalizationSpec.class,
                UnitNormalizationSpec.class, DenseSpec.class)) {
            assertThat(RuntimeLayers.implemented(c)).as(c.getSimpleName()).isTrue();
        }
    }
}
