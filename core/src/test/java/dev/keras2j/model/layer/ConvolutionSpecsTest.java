package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.ModelCheckException;
import dev.keras2j.model.Shape;
import dev.keras2j.model.UnsupportedModelException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Option parsing and refusals of the convolution-family specs (keras2j's own rules, not Keras output). */
class ConvolutionSpecsTest {

    private static LayerSpec spec(String cls, Object... kv) {
        Map<String, Object> options = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            options.put((String) kv[i], kv[i + 1]);
        }
        return LayerSpecs.create(new LayerConfig(cls, "l", options, 3));
    }

    @Test
    void readsConvOptionsWithKerasDefaults() {
        ConvSpec s = (ConvSpec) spec("Conv2D", "filters", 8, "kernel_size", List.of(3, 2));
        assertThat(s.rank()).isEqualTo(2);
        assertThat(s.kernelSize()).containsExactly(3, 2);
        assertThat(s.strides()).containsExactly(1, 1);
        assertThat(s.dilationRate()).containsExactly(1, 1);
        assertThat(s.padding()).isEqualTo(Padding.VALID);
        assertThat(s.dataFormat()).isEqualTo(DataFormat.CHANNELS_LAST);
        assertThat(s.groups()).isEqualTo(1);
        assertThat(s.useBias()).isTrue();
    }

    @Test
    void saysWhetherItsWindowIsUnitStridedUndilatedAndOfOneSize() {
        ConvSpec plain = (ConvSpec) spec("Conv2D", "filters", 8, "kernel_size", 3);
        assertThat(plain.unitStrides()).isTrue();
        assertThat(plain.undilated()).isTrue();
        assertThat(plain.kernelIs(3)).isTrue();
        assertThat(plain.kernelIs(2)).isFalse();
        ConvSpec strided = (ConvSpec) spec("Conv2D", "filters", 8, "kernel_size", List.of(3, 2), "strides", List.of(1, 2));
        assertThat(strided.unitStrides()).isFalse();
        assertThat(strided.undilated()).isTrue();
        assertThat(strided.kernelIs(3)).isFalse();
        ConvSpec dilated = (ConvSpec) spec("Conv1D", "filters", 4, "kernel_size", 3, "dilation_rate", 2);
        assertThat(dilated.unitStrides()).isTrue();
        assertThat(dilated.undilated()).isFalse();
    }

    @Test
    void poolingStridesDefaultToPoolSize() {
        PoolingSpec s = (PoolingSpec) spec("MaxPooling2D", "pool_size", List.of(3, 2), "strides", null);
        assertThat(s.strides()).containsExactly(3, 2);
        assertThat(((PoolingSpec) spec("AveragePooling1D")).poolSize()).containsExactly(2);
    }

    @Test
    void bordersAcceptIntPairsAndPerAxisForms() {
        assertThat(((ZeroPaddingSpec) spec("ZeroPadding2D", "padding", 2)).padding()).isEqualTo(new int[][] {{2, 2}, {2, 2}});
        assertThat(((ZeroPaddingSpec) spec("ZeroPadding2D", "padding", List.of(1, 3))).padding())
                .isEqualTo(new int[][] {{1, 1}, {3, 3}});
        assertThat(((CroppingSpec) spec("Cropping2D", "cropping", List.of(List.of(1, 0), List.of(2, 3)))).cropping())
                .isEqualTo(new int[][] {{1, 0}, {2, 3}});
        assertThat(((CroppingSpec) spec("Cropping1D", "cropping", List.of(0, 2))).cropping()).isEqualTo(new int[][] {{0, 2}});
    }

    @Test
    void refusesWhatKerasOrKeras2jCannotRun() {
        assertThatThrownBy(() -> spec("Conv2D", "filters", 2, "kernel_size", 3, "padding", "causal"))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("l (Conv2D)").hasMessageContaining("causal");
        assertThatThrownBy(() -> spec("Conv1D", "filters", 2, "kernel_size", 3, "strides", 2, "dilation_rate", 2))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("dilation_rate");
        assertThatThrownBy(() -> spec("Conv2D", "filters", 2, "kernel_size", 3, "lora_rank", 4))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("lora_rank");
        assertThatThrownBy(() -> spec("Conv2D", "filters", 3, "kernel_size", 3, "groups", 2))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("groups");
        assertThatThrownBy(() -> spec("Conv2D", "filters", 3, "kernel_size", 3, "padding", List.of(List.of(1, 1), List.of(0, 0))))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("explicit padding");
        assertThatThrownBy(() -> spec("Conv2D", "filters", 3, "kernel_size", 3, "data_format", "channels_middle"))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("data_format");
        assertThatThrownBy(() -> spec("Conv2DTranspose", "filters", 3, "kernel_size", 3, "strides", 2, "output_padding", 2))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("output_padding");
        assertThatThrownBy(() -> spec("UpSampling2D", "interpolation", "bicubic"))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("bicubic");
        assertThatThrownBy(() -> spec("Conv2D", "filters", 3))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("kernel_size");
    }

    @Test
    void rejectsInputsThatContradictTheLayer() {
        LayerSpec conv = spec("Conv2D", "filters", 4, "kernel_size", 5);
        assertThatThrownBy(() -> conv.outputShape(List.of(Shape.of(4, 4, 3))))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> conv.outputShape(List.of(Shape.of(8, 3))))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("rank 4");
        LayerSpec grouped = spec("Conv1D", "filters", 4, "kernel_size", 1, "groups", 2);
        assertThatThrownBy(() -> grouped.outputShape(List.of(Shape.of(8, 3))))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("groups");
        LayerSpec crop = spec("Cropping1D", "cropping", List.of(2, 2));
        assertThatThrownBy(() -> crop.outputShape(List.of(Shape.of(4, 3))))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("removes all");
    }

    @Test
    void registersKerasAliases() {
        assertThat(spec("Convolution2D", "filters", 2, "kernel_size", 3)).isInstanceOf(ConvSpec.class);
        assertThat(spec("MaxPool2D")).isInstanceOf(PoolingSpec.class);
        assertThat(spec("GlobalAvgPool1D")).isInstanceOf(GlobalPoolingSpec.class);
        assertThat(((GlobalPoolingSpec) spec("GlobalAvgPool1D")).usesMask()).isTrue();
        assertThat(((GlobalPoolingSpec) spec("GlobalMaxPooling1D")).usesMask()).isFalse();
    }
}
