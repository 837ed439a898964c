package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.ModelCheckException;
import dev.keras2j.model.Shape;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.model.WeightSlot;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Shape arithmetic and refusals of the 3D, image preprocessing, GroupNormalization and EinsumDense specs
 * (keras2j's own rules; their outputs against Keras are checked by the fixtures).
 */
class NewLayerFamiliesSpecsTest {

    private static LayerSpec spec(String cls, Object... kv) {
        Map<String, Object> options = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            options.put((String) kv[i], kv[i + 1]);
        }
        return LayerSpecs.create(new LayerConfig(cls, "l", options, 3));
    }

    private static List<int[]> slots(LayerSpec s, Shape in) {
        return s.weightSlots(List.of(in)).stream().map(WeightSlot::shape).toList();
    }

    @Test
    void conv3dShapesFollowTheWindowArithmeticOnEveryAxis() {
        LayerSpec c = spec("Conv3D", "filters", 4, "kernel_size", List.of(2, 3, 1), "strides", List.of(2, 1, 3),
                "padding", "same", "groups", 2);
        assertThat(c.outputShape(List.of(Shape.of(5, 6, 7, 6)))).isEqualTo(Shape.of(3, 6, 3, 4));
        assertThat(slots(c, Shape.of(5, 6, 7, 6))).containsExactly(new int[] {2, 3, 1, 3, 4}, new int[] {4});
        LayerSpec t = spec("Conv3DTranspose", "filters", 2, "kernel_size", 3, "strides", List.of(2, 2, 1),
                "output_padding", List.of(1, 0, 0));
        assertThat(t.outputShape(List.of(Shape.of(3, 3, 4, 5)))).isEqualTo(Shape.of(8, 7, 6, 2));
        assertThat(slots(t, Shape.of(3, 3, 4, 5)).get(0)).containsExactly(3, 3, 3, 2, 5);
        LayerSpec first = spec("Conv3D", "filters", 3, "kernel_size", 2, "data_format", "channels_first");
        assertThat(first.outputShape(List.of(Shape.of(4, 5, 5, 5)))).isEqualTo(Shape.of(3, 4, 4, 4));
    }

    @Test
    void threeDimensionalRefusalsNameTheOption() {
        assertThatThrownBy(() -> spec("Conv3D", "filters", 2, "kernel_size", 2, "padding", "causal"))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("'causal'");
        assertThatThrownBy(() -> spec("Conv3D", "filters", 2, "kernel_size", 2).outputShape(List.of(Shape.of(4, 4, 2))))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("(batch, depth, rows, cols, channels)");
        assertThatThrownBy(() -> spec("SeparableConv3D", "filters", 2, "kernel_size", 2))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("unknown layer class");
    }

    @Test
    void threeDimensionalBordersPoolingAndUpsampling() {
        assertThat(spec("Cropping3D").outputShape(List.of(Shape.of(4, 5, 6, 2)))).isEqualTo(Shape.of(2, 3, 4, 2));
        assertThat(spec("ZeroPadding3D", "padding", List.of(List.of(1, 0), 2, List.of(0, 3)))
                .outputShape(List.of(Shape.of(4, 5, 6, 2)))).isEqualTo(Shape.of(5, 9, 9, 2));
        assertThat(spec("UpSampling3D", "size", List.of(1, 2, 3), "data_format", "channels_first")
                .outputShape(List.of(Shape.of(2, 4, 5, 6)))).isEqualTo(Shape.of(2, 4, 10, 18));
        assertThat(spec("MaxPooling3D", "pool_size", 2, "padding", "same").outputShape(List.of(Shape.of(5, 4, 3, 2))))
                .isEqualTo(Shape.of(3, 2, 2, 2));
        assertThat(spec("GlobalAveragePooling3D", "keepdims", true).outputShape(List.of(Shape.of(5, 4, 3, 2))))
                .isEqualTo(Shape.of(1, 1, 1, 2));
    }

    @Test
    void groupNormalizationChecksItsGroups() {
        LayerSpec g = spec("GroupNormalization", "groups", 3, "axis", 1);
        assertThat(g.outputShape(List.of(Shape.of(6, 4)))).isEqualTo(Shape.of(6, 4));
        assertThat(slots(g, Shape.of(6, 4))).containsExactly(new int[] {6}, new int[] {6});
        assertThatThrownBy(() -> g.outputShape(List.of(Shape.of(4, 6))))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("groups=3 must divide the 4 channels");
        assertThat(((GroupNormalizationSpec) spec("GroupNormalization", "groups", -1)).groups(Shape.of(3, 5)))
                .isEqualTo(5);
        assertThat(slots(spec("GroupNormalization", "groups", 1, "center", false), Shape.of(3))).hasSize(1);
        assertThatThrownBy(() -> spec("GroupNormalization", "groups", 0))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("'groups' is 0");
    }

    @Test
    void resizingRefusesWhatItCannotReproduce() {
        assertThat(spec("Resizing", "height", 3, "width", 4).outputShape(List.of(Shape.of(7, 9, 2))))
                .isEqualTo(Shape.of(3, 4, 2));
        assertThat(spec("CenterCrop", "height", 3, "width", 4, "data_format", "channels_first")
                .outputShape(List.of(Shape.of(2, 7, 9)))).isEqualTo(Shape.of(2, 3, 4));
        assertThatThrownBy(() -> spec("Resizing", "height", 3, "width", 4, "interpolation", "bicubic"))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("interpolation 'bicubic'");
        assertThatThrownBy(() -> spec("Resizing", "height", 3, "width", 4, "antialias", true))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("'antialias'");
        assertThatThrownBy(() -> spec("Resizing", "height", 3, "width", 4, "crop_to_aspect_ratio", true,
                "pad_to_aspect_ratio", true)).isInstanceOf(UnsupportedModelException.class);
        assertThatThrownBy(() -> spec("Resizing", "height", 3, "width", 4).outputShape(List.of(Shape.of(7, 9))))
                .isInstanceOf(ModelCheckException.class);
    }

    @Test
    void sizesTheRuntimeWouldOverflowOrNotHoldAreCheckErrors() {
        // Fuzz findings: each of these passed the check and then failed while running.
        assertThatThrownBy(() -> spec("CenterCrop", "height", 3, "width", 4).outputShape(List.of(Shape.of(0, 8, 2))))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("empty images");
        assertThatThrownBy(() -> spec("Resizing", "height", 4, "width", 9, "pad_to_aspect_ratio", true)
                .outputShape(List.of(Shape.of(6, 65536, 2))))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("padded to the target's aspect ratio");
        assertThat(spec("Resizing", "height", 4, "width", 9, "pad_to_aspect_ratio", true)
                .outputShape(List.of(Shape.of(6, 600, 2)))).isEqualTo(Shape.of(4, 9, 2));
        // "same" sizes do not depend on the dilation, but where the windows sit does.
        assertThatThrownBy(() -> spec("Conv2D", "filters", 2, "kernel_size", 3, "padding", "same",
                "dilation_rate", List.of(1, Integer.MAX_VALUE)).outputShape(List.of(Shape.of(5, 5, 2))))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void augmentationIsTheIdentityExceptARandomCropThatDisagreesWithItself() {
        for (String cls : List.of("RandomFlip", "RandomRotation", "RandomZoom", "RandomContrast", "Solarization")) {
            assertThat(spec(cls).outputShape(List.of(Shape.of(5, 6, 3)))).isEqualTo(Shape.of(5, 6, 3));
        }
        assertThat(spec("RandomCrop", "height", 5, "width", 6).outputShape(List.of(Shape.of(5, 6, 3))))
                .isEqualTo(Shape.of(5, 6, 3));
        assertThatThrownBy(() -> spec("RandomCrop", "height", 4, "width", 6).outputShape(List.of(Shape.of(5, 6, 3))))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("returns the images uncropped");
        assertThat(spec("AutoContrast", "value_range", List.of(0, 255)).outputShape(List.of(Shape.of(5, 6, 3))))
                .isEqualTo(Shape.of(5, 6, 3));
        assertThatThrownBy(() -> spec("CLAHE").outputShape(List.of(Shape.of(Shape.UNKNOWN, 6, 3))))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("unknown size");
        assertThatThrownBy(() -> spec("AutoContrast", "value_range", List.of(0)))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("value_range");
    }

    @Test
    void einsumDenseResolvesEveryEquationForm() {
        LayerSpec heads = spec("EinsumDense", "equation", "abc,cde->abde", "output_shape", Arrays.asList(null, 2, 3),
                "bias_axes", "de");
        // Keras declares the axes output_shape leaves None as unknown, even where the input knows them.
        assertThat(heads.outputShape(List.of(Shape.of(7, 5)))).isEqualTo(Shape.of(Shape.UNKNOWN, 2, 3));
        assertThat(slots(heads, Shape.of(7, 5))).containsExactly(new int[] {5, 2, 3}, new int[] {2, 3});
        LayerSpec left = spec("EinsumDense", "equation", "...b,bc->...c", "output_shape", 4, "bias_axes", "c");
        assertThat(left.outputShape(List.of(Shape.of(3, 5)))).isEqualTo(Shape.of(3, 4));
        assertThat(slots(left, Shape.of(3, 5))).containsExactly(new int[] {5, 4}, new int[] {4});
        assertThat(left.outputShape(List.of(Shape.of(3, 3, 5)))).isEqualTo(Shape.of(3, 3, 4));
        // Keras declares (None, 6, 3, 4) here (two leading axes inserted in reverse) but computes (None, 3, 6, 4).
        assertThatThrownBy(() -> left.outputShape(List.of(Shape.of(3, 6, 5))))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("disagrees with itself");
        LayerSpec right = spec("EinsumDense", "equation", "ab...,bc->ac...", "output_shape", 3,
                "bias_axes", "c");
        assertThat(right.outputShape(List.of(Shape.of(5, 4)))).isEqualTo(Shape.of(3, 4));
        assertThat(slots(right, Shape.of(5, 4))).containsExactly(new int[] {5, 3}, new int[] {3, 1});
        LayerSpec unknownSteps = spec("EinsumDense", "equation", "abc,cd->abd", "output_shape", Arrays.asList(null, 4));
        assertThat(unknownSteps.outputShape(List.of(Shape.of(Shape.UNKNOWN, 5)))).isEqualTo(Shape.of(Shape.UNKNOWN, 4));
    }

    @Test
    void einsumDenseRefusesWhatKerasRejectsOrKeras2jDoesNotRun() {
        assertThatThrownBy(() -> spec("EinsumDense", "equation", "ab->b", "output_shape", 3))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("not of the forms Keras accepts");
        assertThatThrownBy(() -> spec("EinsumDense", "equation", "abb,bc->ac", "output_shape", 3))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("diagonal");
        assertThatThrownBy(() -> spec("EinsumDense", "equation", "ab,bc->ac", "output_shape", 3, "bias_axes", "x"))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("bias_axes 'x'");
        assertThatThrownBy(() -> spec("EinsumDense", "equation", "ab,bc->ac", "output_shape", 3, "lora_rank", 4))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("lora_rank");
        assertThatThrownBy(() -> spec("EinsumDense", "equation", "ab,bc->ac", "output_shape", 3)
                .outputShape(List.of(Shape.of(4, 5)))).isInstanceOf(ModelCheckException.class);
        assertThatThrownBy(() -> spec("EinsumDense", "equation", "ab,ac->ac", "output_shape", 3)
                .outputShape(List.of(Shape.of(4)))).isInstanceOf(UnsupportedModelException.class)
                .hasMessageContaining("batch axis");
    }

    @Test
    void convLstmShapesAndRefusals() {
        LayerSpec seqs = spec("ConvLSTM2D", "filters", 3, "kernel_size", List.of(3, 2), "strides", 2,
                "return_sequences", true);
        assertThat(seqs.outputShape(List.of(Shape.of(4, 7, 6, 2)))).isEqualTo(Shape.of(4, 3, 3, 3));
        assertThat(slots(seqs, Shape.of(4, 7, 6, 2))).containsExactly(new int[] {3, 2, 2, 12}, new int[] {3, 2, 3, 12},
                new int[] {12});
        LayerSpec last = spec("ConvLSTM1D", "filters", 2, "kernel_size", 3, "padding", "same", "use_bias", false,
                "data_format", "channels_first");
        assertThat(last.outputShape(List.of(Shape.of(Shape.UNKNOWN, 4, 9)))).isEqualTo(Shape.of(2, 9));
        assertThat(slots(last, Shape.of(Shape.UNKNOWN, 4, 9))).hasSize(2);
        assertThat(spec("ConvLSTM3D", "filters", 2, "kernel_size", 2).outputShape(List.of(Shape.of(3, 3, 4, 5, 1))))
                .isEqualTo(Shape.of(2, 3, 4, 2));
        assertThatThrownBy(() -> spec("ConvLSTM2D", "filters", 2, "kernel_size", 2, "strides", 2, "dilation_rate", 2))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("dilation_rate");
        assertThatThrownBy(() -> spec("ConvLSTM2D", "filters", 2, "kernel_size", 2).outputShape(
                List.of(Shape.of(3, Shape.UNKNOWN, 4, 1)))).isInstanceOf(ModelCheckException.class)
                .hasMessageContaining("static spatial dimensions");
        assertThat(spec("ConvLSTM2D", "filters", 2, "kernel_size", 2, "stateful", true).unsupportedReason())
                .contains("'stateful'");
        assertThat(spec("ConvLSTM2D", "filters", 2, "kernel_size", 2, "return_state", true).unsupportedReason())
                .contains("'return_state'");
    }
}
