package dev.keras2j.export.dl4j;

import dev.keras2j.model.ActivationSpec;
import dev.keras2j.model.ActivationSpec.Kind;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.runtime.kernel.ActivationFunctions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every activation the exporter maps must equal Keras's definition (as keras2j's runtime evaluates it)
 * over a dense grid plus extreme values; every other one must be refused.
 */
class Dl4jActivationsTest {
    private static final Set<Kind> REFUSED = EnumSet.of(Kind.HARD_SIGMOID, Kind.HARD_SILU, Kind.GELU, Kind.GELU_TANH,
            Kind.SOFTPLUS, Kind.LOG_SOFTMAX, Kind.EXPONENTIAL, Kind.LOG_SIGMOID, Kind.TANH_SHRINK, Kind.SOFT_SHRINK,
            Kind.HARD_SHRINK, Kind.SQUAREPLUS, Kind.SPARSE_PLUS, Kind.SPARSE_SIGMOID);

    private static float[] grid() {
        int n = 4001;
        float[] extra = {-100f, -88.5f, -30f, 30f, 88.5f, 100f, 0f, -0f, 1f, -1f, 3f, -3f, 6f, 2.5f, -2.5f};
        float[] xs = new float[n + extra.length];
        for (int i = 0; i < n; i++) {
            xs[i] = (float) (-20 + 40.0 * i / (n - 1));
        }
        System.arraycopy(extra, 0, xs, n, extra.length);
        return xs;
    }

    private static void assertMatchesKeras(ActivationSpec spec) {
        IActivation dl4j = Dl4jActivations.map(spec, "layer (Test)");
        float[] xs = grid();
        INDArray out = dl4j.getActivation(Nd4j.create(xs.clone(), new long[] {1, xs.length}, 'c'), false);
        float[] got = out.data().asFloat();
        for (int i = 0; i < xs.length; i++) {
            double expected = (float) ActivationFunctions.scalar(spec, xs[i]);
            assertThat(Math.abs(got[i] - expected))
                    .as("%s at x=%s: DL4J %s, Keras %s", spec, xs[i], got[i], expected)
                    .isLessThanOrEqualTo(1e-5 + 1e-4 * Math.abs(expected));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void mappedActivationsEqualKerasAndTheRestAreRefused(Kind kind) {
        ActivationSpec spec = ActivationSpec.of(kind);
        if (kind == Kind.SOFTMAX) {
            return; // not element-wise; covered by the softmax test below
        }
        if (REFUSED.contains(kind)) {
            assertThatThrownBy(() -> Dl4jActivations.map(spec, "d (Dense)"))
                    .isInstanceOf(UnsupportedModelException.class)
                    .hasMessageStartingWith("d (Dense): activation '" + spec.kerasName() + "'");
        } else {
            assertMatchesKeras(spec);
        }
    }

    @Test
    void parameterizedFunctionsKeepTheirParameters() {
        assertMatchesKeras(new ActivationSpec(Kind.ELU, 0.5, Double.NaN, 0, -1));
        assertMatchesKeras(new ActivationSpec(Kind.LEAKY_RELU, 0.01, Double.NaN, 0, -1));
        assertMatchesKeras(new ActivationSpec(Kind.THRESHOLDED_RELU, 0, Double.NaN, 1.0, -1));
        assertMatchesKeras(new ActivationSpec(Kind.THRESHOLDED_RELU, 0, Double.NaN, -0.5, -1));
        assertMatchesKeras(ActivationSpec.relu(0.0, 6.0, 0.0));
        assertMatchesKeras(ActivationSpec.relu(0.0, 3.5, 0.0));
        assertMatchesKeras(ActivationSpec.relu(0.1, Double.NaN, 0.0));
        assertMatchesKeras(ActivationSpec.relu(0.1, 4.0, 0.0));
    }

    @Test
    void reluWithAThresholdIsRefusedBecauseDl4jKeepsXAtTheThreshold() {
        assertThatThrownBy(() -> Dl4jActivations.map(ActivationSpec.relu(0.0, Double.NaN, 0.5), "r (ReLU)"))
                .isInstanceOf(UnsupportedModelException.class)
                .hasMessageContaining("threshold");
    }

    @Test
    void softmaxNormalizesEachRow() {
        IActivation dl4j = Dl4jActivations.map(ActivationSpec.of(Kind.SOFTMAX), "s (Softmax)");
        float[] x = {1f, 2f, 3f, -1f, 0f, 1000f};
        float[] got = dl4j.getActivation(Nd4j.create(x.clone(), new long[] {2, 3}, 'c'), false).data().asFloat();
        float[] expected = x.clone();
        ActivationFunctions.apply(ActivationSpec.of(Kind.SOFTMAX), expected, new int[] {2, 3});
        for (int i = 0; i < x.length; i++) {
            assertThat((double) got[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5 + 1e-4 * Math.abs(expected[i])));
        }
    }
}
