package dev.keras2j.model.layer;

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

/** Options, broadcasting rules and refusals of Rescaling, Normalization and Dot. */
class PreprocessingSpecsTest {
    private static LayerConfig config(String cls, int kerasVersion, Object... kv) {
        Map<String, Object> options = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            options.put((String) kv[i], kv[i + 1]);
        }
        return new LayerConfig(cls, "l", options, kerasVersion);
    }

    private static LayerSpec spec(String cls, Object... kv) {
        return LayerSpecs.create(config(cls, 3, kv));
    }

    private static MaskedArray run(LayerSpec s, List<Shape> in, List<MaskedArray> x) {
        Shape o = s.outputShape(in);
        List<String> names = in.size() == 1 ? List.of("a") : List.of("a", "b");
        return RuntimeLayers.create(new CheckedLayer(new LayerNode(s, names), in, o, List.of())).forward(x);
    }

    @Test
    void rescalingReadsNumpyScaleAndBroadcastsPerChannel() {
        RescalingSpec s = (RescalingSpec) spec("Rescaling",
                "scale", Map.of("class_name", "__numpy__", "config", Map.of("value", List.of(0.5, 2.0), "dtype", "float32")),
                "offset", 1.0);
        Shape in = Shape.of(3, 2);
        assertThat(s.scale().shape()).containsExactly(2);
        assertThat(s.broadcastAxes(in)).isEqualTo(1);
        assertThat(s.broadcastScale(in)).containsExactly(0.5f, 2f);
        assertThat(s.broadcastOffset(in)).containsExactly(1f, 1f);
        MaskedArray x = new MaskedArray(NdArray.of(new float[] {1, 2, 3, 4, 5, 6}, 1, 3, 2), new boolean[] {true, false, true});
        MaskedArray y = run(s, List.of(in), List.of(x));
        assertThat(y.values().data()).containsExactly(1.5f, 5f, 2.5f, 9f, 3.5f, 13f);
        assertThat(y.mask()).isSameAs(x.mask());
    }

    @Test
    void rescalingChannelsFirstReshapesOnlyTheScale() {
        RescalingSpec s = new RescalingSpec(config("Rescaling", 3, "scale", List.of(2.0, 3.0), "offset", List.of(1.0, 0.0)),
                DataFormat.CHANNELS_FIRST);
        assertThat(s.scale().shape()).containsExactly(2, 1, 1);
        Shape in = Shape.of(2, 1, 2);
        // scale varies over channels (axis 1), offset over the last axis
        assertThat(s.broadcastScale(in)).containsExactly(2f, 2f, 3f, 3f);
        assertThat(s.broadcastOffset(in)).containsExactly(1f, 0f, 1f, 0f);
        assertThatThrownBy(() -> s.outputShape(List.of(Shape.of(3, 4, 4))))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("l (Rescaling)");
    }

    @Test
    void rescalingRefusals() {
        assertThatThrownBy(() -> spec("Rescaling", "offset", 1.0))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("'scale' is missing");
        assertThatThrownBy(() -> spec("Rescaling", "scale", List.of(List.of(1.0), List.of(1.0, 2.0))))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("ragged");
        assertThatThrownBy(() -> spec("Rescaling", "scale", Map.of("class_name", "Foo", "config", Map.of())))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("'scale'");
        LayerSpec batchWide = spec("Rescaling", "scale", List.of(List.of(1.0, 2.0), List.of(3.0, 4.0)));
        assertThatThrownBy(() -> batchWide.outputShape(List.of(Shape.of(2))))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("batch axis");
        LayerSpec perStep = spec("Rescaling", "scale", List.of(List.of(1.0), List.of(2.0)));
        assertThatThrownBy(() -> perStep.outputShape(List.of(Shape.of(-1, 3))))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("unknown");
        assertThat(spec("Rescaling", "scale", List.of(List.of(2.0))).outputShape(List.of(Shape.of(-1, 3))))
                .isEqualTo(Shape.of(-1, 3));
    }

    @Test
    void normalizationAdaptedWeightsIncludeTheScalarCount() {
        LayerSpec s = spec("Normalization", "axis", List.of(1, 3), "mean", null, "variance", null);
        List<WeightSlot> slots = s.weightSlots(List.of(Shape.of(3, 4, 2)));
        assertThat(slots).extracting(WeightSlot::name).containsExactly("mean", "variance", "count");
        assertThat(slots.get(0).shape()).containsExactly(3, 2);
        assertThat(slots.stream().mapToLong(WeightSlot::size).sum()).isEqualTo(13);
        // axis None (saved as [] or null): one scalar mean and variance
        assertThat(spec("Normalization", "axis", List.of()).weightSlots(List.of(Shape.of(3, 4))).get(0).shape()).isEmpty();
        assertThat(spec("Normalization", "axis", null).weightSlots(List.of(Shape.of(3, 4))).get(0).shape()).isEmpty();
        // absent axis: Keras's default -1
        assertThat(spec("Normalization").weightSlots(List.of(Shape.of(3, 4))).get(0).shape()).containsExactly(4);
    }

    @Test
    void normalizationConstantsHaveNoWeightsAndBroadcastOntoTrailingKeptAxes() {
        NormalizationSpec s = (NormalizationSpec) spec("Normalization", "axis", List.of(1, 2),
                "mean", List.of(1.0, 2.0, 3.0), "variance", List.of(4.0, 4.0, 4.0), "invert", true);
        Shape in = Shape.of(2, 3);
        assertThat(s.weightSlots(List.of(in))).isEmpty();
        assertThat(s.invert()).isTrue();
        assertThat(s.broadcastConstant(s.constantMean(), in, "mean")).containsExactly(1f, 2f, 3f, 1f, 2f, 3f);
        MaskedArray y = run(s, List.of(in), List.of(MaskedArray.of(NdArray.of(new float[] {0, 1, 2, 3, 4, 5}, 1, 2, 3))));
        assertThat(y.values().data()).containsExactly(1f, 4f, 7f, 7f, 10f, 13f);
    }

    @Test
    void normalizationZeroVarianceDividesByEpsilon() {
        LayerSpec s = spec("Normalization", "mean", 1.0, "variance", 0.0);
        MaskedArray y = run(s, List.of(Shape.of(2)), List.of(MaskedArray.of(NdArray.of(new float[] {1f, 1.5f}, 1, 2))));
        assertThat(y.values().data()).containsExactly(0f, 0.5f / NormalizationSpec.EPSILON);
    }

    @Test
    void normalizationRefusals() {
        assertThatThrownBy(() -> spec("Normalization", "mean", 1.0))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("together");
        assertThatThrownBy(() -> spec("Normalization", "mean", List.of(1.0, 2.0), "variance", 1.0))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("differ in shape");
        assertThatThrownBy(() -> spec("Normalization", "mean", List.of(List.of(1.0)), "variance", List.of(List.of(1.0))))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("rank");
        assertThatThrownBy(() -> spec("Normalization", "axis", 0).outputShape(List.of(Shape.of(4))))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("batch axis");
        assertThatThrownBy(() -> spec("Normalization").outputShape(List.of(Shape.of(3, -1))))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("unknown");
        assertThatThrownBy(() -> spec("Normalization", "mean", List.of(1.0, 2.0), "variance", List.of(1.0, 2.0))
                .outputShape(List.of(Shape.of(3))))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("broadcast");
    }

    @Test
    void dotShapesAndAxes() {
        DotSpec pair = (DotSpec) spec("Dot", "axes", List.of(1, 1));
        assertThat(pair.outputShape(List.of(Shape.of(4, 3), Shape.of(4, 5)))).isEqualTo(Shape.of(3, 5));
        LayerSpec vectors = spec("Dot", "axes", 1);
        assertThat(vectors.outputShape(List.of(Shape.of(4), Shape.of(4)))).isEqualTo(Shape.of(1));
        DotSpec last = (DotSpec) spec("Dot", "axes", -1, "normalize", true);
        assertThat(last.outputShape(List.of(Shape.of(3), Shape.of(5, 3)))).isEqualTo(Shape.of(5));
        assertThat(last.normalize()).isTrue();
        assertThat(last.inverseNormCap()).isEqualTo(1e7);
        assertThat(((DotSpec) LayerSpecs.create(config("Dot", 2, "axes", 1, "normalize", true))).inverseNormCap())
                .isEqualTo(1e6);
    }

    @Test
    void dotComputesBatchDotAndDropsTheMask() {
        LayerSpec s = spec("Dot", "axes", List.of(1, 2));
        MaskedArray x = new MaskedArray(NdArray.of(new float[] {1, 2}, 1, 2), new boolean[] {true});
        MaskedArray y = MaskedArray.of(NdArray.of(new float[] {1, 10, 2, 20, 3, 30}, 1, 3, 2));
        MaskedArray out = run(s, List.of(Shape.of(2), Shape.of(3, 2)), List.of(x, y));
        assertThat(out.values().shape()).containsExactly(1, 3);
        assertThat(out.values().data()).containsExactly(21f, 42f, 63f);
        assertThat(out.mask()).isNull();
    }

    @Test
    void dotTakesUnknownNonContractedSizesFromTheBatch() {
        LayerSpec s = spec("Dot", "axes", 2);
        List<Shape> in = List.of(Shape.of(-1, 2), Shape.of(-1, 2));
        assertThat(s.outputShape(in)).isEqualTo(Shape.of(-1, -1));
        MaskedArray x = MaskedArray.of(NdArray.of(new float[] {1, 0, 0, 1, 1, 1}, 1, 3, 2));
        MaskedArray y = MaskedArray.of(NdArray.of(new float[] {2, 3}, 1, 1, 2));
        MaskedArray out = run(s, in, List.of(x, y));
        assertThat(out.values().shape()).containsExactly(1, 3, 1);
        assertThat(out.values().data()).containsExactly(2f, 3f, 5f);
    }

    @Test
    void dotRefusals() {
        assertThatThrownBy(() -> spec("Dot", "axes", List.of(0, 1)).outputShape(List.of(Shape.of(3), Shape.of(3))))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("batch axis");
        assertThatThrownBy(() -> spec("Dot", "axes", List.of(1, 2, 3)))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("pair");
        assertThatThrownBy(() -> spec("Dot"))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("'axes' is missing");
        assertThatThrownBy(() -> spec("Dot", "axes", 1).outputShape(List.of(Shape.of(3), Shape.of(4))))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("differ in size");
        assertThatThrownBy(() -> LayerSpecs.create(config("Dot", 2, "axes", -1))
                .outputShape(List.of(Shape.of(3), Shape.of(5, 3))))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("different ranks");
    }
}
