package dev.keras2j.runtime.kernel;

import dev.keras2j.model.ActivationSpec;
import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.reference.NpzReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Activation functions against {@code keras.activations.get(name)} evaluated by Keras 3.15.1 on a grid that
 * includes every kink ({@code core-layers/activations.npz}), plus the Keras 1/2 definitions that differ.
 */
class ActivationFunctionsTest {
    private static final LayerConfig LAYER = new LayerConfig("Dense", "d", Map.of(), 3);

    static Map<String, NdArray> grid() throws IOException, URISyntaxException {
        return NpzReader.read(Path.of(ActivationFunctionsTest.class.getResource("/core-layers/activations.npz").toURI()));
    }

    static Stream<String> names() throws Exception {
        return grid().keySet().stream().filter(k -> !k.equals("x"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void matchesKeras3(String name) throws Exception {
        Map<String, NdArray> grid = grid();
        NdArray x = grid.get("x");
        float[] expected = grid.get(name).data();
        float[] actual = x.data().clone();
        ActivationFunctions.apply(ActivationSpec.parse(name, 3, LAYER), actual, x.shape());
        for (int i = 0; i < expected.length; i++) {
            double tol = 1e-5 + 1e-4 * Math.abs(expected[i]);
            assertThat(Math.abs((double) actual[i] - expected[i]))
                    .as("%s(%s) = %s, Keras %s", name, x.data()[i], actual[i], expected[i]).isLessThanOrEqualTo(tol);
        }
    }

    @Test
    void hardSigmoidDependsOnTheKerasVersion() {
        ActivationSpec keras2 = ActivationSpec.parse("hard_sigmoid", 2, LAYER);
        ActivationSpec keras3 = ActivationSpec.parse("hard_sigmoid", 3, LAYER);
        assertThat(keras2.kind()).isEqualTo(ActivationSpec.Kind.HARD_SIGMOID_KERAS2);
        assertThat(keras3.kind()).isEqualTo(ActivationSpec.Kind.HARD_SIGMOID);
        // Keras 1/2 saturate at |x| = 2.5, Keras 3 at |x| = 3.
        assertThat(ActivationFunctions.scalar(keras2, 2.5)).isEqualTo(1.0);
        assertThat(ActivationFunctions.scalar(keras2, -2.5)).isEqualTo(0.0);
        assertThat(ActivationFunctions.scalar(keras2, 1.0)).isCloseTo(0.7, within(1e-15));
        assertThat(ActivationFunctions.scalar(keras3, 2.5)).isCloseTo(5.5 / 6, within(1e-15));
        assertThat(ActivationFunctions.scalar(keras3, 3.0)).isEqualTo(1.0);
    }

    @Test
    void aliasesMapToTheSameFunction() {
        assertThat(ActivationSpec.parse("swish", 3, LAYER).kind()).isEqualTo(ActivationSpec.Kind.SILU);
        assertThat(ActivationSpec.parse("hard_swish", 3, LAYER).kind()).isEqualTo(ActivationSpec.Kind.HARD_SILU);
        assertThat(ActivationSpec.parse(null, 3, LAYER).kind()).isEqualTo(ActivationSpec.Kind.LINEAR);
        assertThat(ActivationSpec.parse(Map.of("module", "keras.activations", "class_name", "function",
                "config", "gelu"), 3, LAYER).kind()).isEqualTo(ActivationSpec.Kind.GELU);
    }

    @Test
    void refusesUnknownAndShapeChangingFunctions() {
        assertThatThrownBy(() -> ActivationSpec.parse("glu", 3, LAYER))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("d (Dense)").hasMessageContaining("glu");
        assertThatThrownBy(() -> ActivationSpec.parse(Map.of("module", "my_module", "class_name", "MyAct",
                "config", Map.of()), 3, LAYER)).isInstanceOf(UnsupportedModelException.class);
    }

    @Test
    void generalReluFollowsKerasWithThresholdCapAndSlope() {
        // With a threshold, values between 0 and a negative threshold pass through uncapped (no cap set) ...
        assertThat(ActivationFunctions.relu(-0.1, 0.0, Double.NaN, -0.3)).isEqualTo(-0.1);
        // ... but the cap clips to [0, max_value].
        assertThat(ActivationFunctions.relu(-0.1, 0.0, 1.5, -0.3)).isEqualTo(0.0);
        // Below the threshold the slope term is negative_slope * (x - threshold).
        assertThat(ActivationFunctions.relu(-1.0, 0.2, 1.5, -0.3)).isCloseTo(0.2 * (-1.0 + 0.3), within(1e-15));
        assertThat(ActivationFunctions.relu(0.2, 0.1, Double.NaN, 0.5)).isCloseTo(0.1 * (0.2 - 0.5), within(1e-15));
        assertThat(ActivationFunctions.relu(9.0, 0.1, 6.0, 0.0)).isEqualTo(6.0);
    }

    @Test
    void thresholdedReluIsStrictlyAboveTheta() {
        ActivationSpec t = ActivationSpec.thresholdedRelu(1.0);
        assertThat(ActivationFunctions.scalar(t, 1.0)).isEqualTo(0.0);
        assertThat(ActivationFunctions.scalar(t, 1.5)).isEqualTo(1.5);
        assertThat(ActivationFunctions.scalar(t, -2.0)).isEqualTo(0.0);
    }

    @Test
    void softmaxNormalizesAlongTheRequestedAxis() {
        // Shape (1, 2, 3): along axis 1 every column sums to one; along -1 every row does.
        float[] data = {1, 2, 3, 4, 5, 6};
        float[] a1 = data.clone();
        ActivationFunctions.apply(new ActivationSpec(ActivationSpec.Kind.SOFTMAX, 0, Double.NaN, 0, 1), a1, new int[] {1, 2, 3});
        for (int c = 0; c < 3; c++) {
            assertThat(a1[c] + a1[3 + c]).isCloseTo(1f, within(1e-6f));
            assertThat(a1[3 + c] / a1[c]).isCloseTo((float) Math.exp(3), within(1e-3f));
        }
        float[] last = data.clone();
        ActivationFunctions.apply(ActivationSpec.of(ActivationSpec.Kind.SOFTMAX), last, new int[] {1, 2, 3});
        assertThat(last[0] + last[1] + last[2]).isCloseTo(1f, within(1e-6f));
    }
}
