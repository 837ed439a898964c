package dev.keras2j.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.keras2j.model.NdArray;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    private static NdArray a(float... v) {
        return NdArray.of(v, v.length);
    }

    @Test
    void identicalArraysPass() {
        Comparison c = Comparison.of(a(1, -2, 3), a(1, -2, 3));
        assertThat(c.passed()).isTrue();
        assertThat(c.maxAbsError()).isZero();
        assertThat(c.failingCount()).isZero();
        assertThat(c.summary()).startsWith("PASS 3 elements");
    }

    @Test
    void absoluteToleranceBoundaryIsInclusive() {
        // 0.5 and 0.25 are exact in float and double, so the boundary is tested exactly.
        assertThat(Comparison.of(a(0.5f), a(0f), 0.5, 0).passed()).isTrue();
        assertThat(Comparison.of(a(Math.nextUp(0.5f)), a(0f), 0.5, 0).passed()).isFalse();
        assertThat(Comparison.of(a(-0.25f), a(0f), 0.25, 0).passed()).isTrue();
    }

    @Test
    void relativeToleranceScalesWithExpected() {
        assertThat(Comparison.of(a(3f), a(2f), 0, 0.5).passed()).isTrue();
        assertThat(Comparison.of(a(Math.nextUp(3f)), a(2f), 0, 0.5).passed()).isFalse();
        // Relative to expected, not actual: |1 - 2| = 1 > 0.5 * |1|.
        assertThat(Comparison.of(a(2f), a(1f), 0, 0.5).passed()).isFalse();
        // Both tolerances add up: 0.25 + 0.5 * 1 = 0.75.
        assertThat(Comparison.of(a(1.75f), a(1f), 0.25, 0.5).passed()).isTrue();
        assertThat(Comparison.of(a(1.875f), a(1f), 0.25, 0.5).passed()).isFalse();
    }

    @Test
    void defaultTolerances() {
        assertThat(Comparison.of(a(1000f + 0.1f), a(1000f)).passed()).isTrue();   // allowed 1e-5 + 0.1
        assertThat(Comparison.of(a(1000f + 0.2f), a(1000f)).passed()).isFalse();
        assertThat(Comparison.of(a(9e-6f), a(0f)).passed()).isTrue();
        assertThat(Comparison.of(a(2e-5f), a(0f)).passed()).isFalse();
    }

    @Test
    void nanNeverPasses() {
        Comparison both = Comparison.of(a(1, Float.NaN), a(1, Float.NaN));
        assertThat(both.passed()).isFalse();
        assertThat(both.nanCount()).isEqualTo(1);
        assertThat(both.failingCount()).isEqualTo(1);
        assertThat(both.worstIndex()).isEqualTo(1);
        assertThat(both.maxAbsError()).isZero();
        assertThat(both.summary()).contains("(1 NaN)");
        assertThat(Comparison.of(a(Float.NaN), a(0)).passed()).isFalse();
        assertThat(Comparison.of(a(0), a(Float.NaN)).passed()).isFalse();
    }

    @Test
    void infinitiesMustMatchExactly() {
        assertThat(Comparison.of(a(Float.POSITIVE_INFINITY), a(Float.POSITIVE_INFINITY)).passed()).isTrue();
        assertThat(Comparison.of(a(Float.NEGATIVE_INFINITY), a(Float.POSITIVE_INFINITY)).passed()).isFalse();
        // An infinite expected value would give an infinite allowance; it must not excuse a finite actual.
        assertThat(Comparison.of(a(1e30f), a(Float.POSITIVE_INFINITY)).passed()).isFalse();
        assertThat(Comparison.of(a(Float.POSITIVE_INFINITY), a(1e30f)).passed()).isFalse();
    }

    @Test
    void reportsErrorsAndWorstElement() {
        NdArray expected = NdArray.of(new float[] {1, 2, 0, 4, 100, 6}, 2, 3);
        NdArray actual = NdArray.of(new float[] {1, 2.5f, 0.25f, 4, 101, 6}, 2, 3);
        Comparison c = Comparison.of(actual, expected);
        assertThat(c.passed()).isFalse();
        assertThat(c.failingCount()).isEqualTo(3);
        assertThat(c.maxAbsError()).isEqualTo(1.0);
        assertThat(c.maxRelError()).isEqualTo(0.25);   // 0.5 / 2; the expected-zero element is excluded
        // Worst relative to its allowance: 0.25 / 1e-5 at index 2 beats 1 / (1e-5 + 1e-2) at index 4.
        assertThat(c.worstIndex()).isEqualTo(2);
        assertThat(c.worstPosition()).containsExactly(0, 2);
        assertThat(c.worstActual()).isEqualTo(0.25f);
        assertThat(c.worstExpected()).isEqualTo(0f);
        assertThat(c.worstToleranceRatio()).isCloseTo(0.25 / 1e-5, within(1e-6));
        assertThat(c.summary()).startsWith("FAIL").contains("3 failing").contains("worst at [0, 2]");
    }

    @Test
    void shapeMismatchFailsWithoutComparing() {
        Comparison c = Comparison.of(NdArray.zeros(2, 3), NdArray.zeros(3, 2));
        assertThat(c.passed()).isFalse();
        assertThat(c.shapeMismatch()).isTrue();
        assertThat(c.worstIndex()).isEqualTo(-1);
        assertThat(c.summary()).isEqualTo("FAIL shape mismatch: actual [2, 3], expected [3, 2]");
        assertThat(Comparison.of(NdArray.zeros(6), NdArray.zeros(2, 3)).shapeMismatch()).isTrue();
        assertThat(Comparison.of(NdArray.zeros(4, 1), NdArray.zeros(5)).shapeMismatch()).isTrue();
    }

    @Test
    void shapesDifferingOnlyInSizeOneAxesAreCompared() {
        Comparison c = Comparison.of(NdArray.of(new float[] {1, 2, 3}, 3, 1), NdArray.of(new float[] {1, 2, 3}, 3));
        assertThat(c.passed()).isTrue();
        assertThat(c.shapesDifferOnlyInUnitAxes()).isTrue();
        assertThat(c.summary()).contains("differ only in size-1 axes");
        assertThat(Comparison.of(NdArray.zeros(1, 4, 1), NdArray.zeros(4)).passed()).isTrue();
        Comparison failing = Comparison.of(NdArray.of(new float[] {1, 2, 9}, 3, 1), NdArray.of(new float[] {1, 2, 3}, 3));
        assertThat(failing.passed()).isFalse();
        assertThat(failing.worstPosition()).containsExactly(2);
    }

    @Test
    void rankZeroAndEmptyArrays() {
        assertThat(Comparison.of(NdArray.of(new float[] {2f}), NdArray.of(new float[] {2f})).passed()).isTrue();
        Comparison empty = Comparison.of(NdArray.zeros(0, 3), NdArray.zeros(0, 3));
        assertThat(empty.passed()).isTrue();
        assertThat(empty.worstIndex()).isEqualTo(-1);
    }

    @Test
    void negativeTolerancesAreRejected() {
        assertThatThrownBy(() -> Comparison.of(a(1), a(1), -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Comparison.of(a(1), a(1), 0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void layerComparisonNamesTheFirstDivergentLayerInModelOrder() {
        Map<String, NdArray> runtime = new LinkedHashMap<>();
        runtime.put("dense_1", a(1, 2));
        runtime.put("act_1", a(1, 2));
        runtime.put("dense_2", a(5, 5));
        runtime.put("out", a(9));
        runtime.put("extra", a(0));
        // Reference in another order (alphabetical, as DL4J files store it), with a layer the runtime lacks.
        Map<String, NdArray> reference = new LinkedHashMap<>();
        reference.put("act_1", a(1, 2));
        reference.put("dense_1", a(1, 2));
        reference.put("dense_2", a(5, 6));
        reference.put("dropout_1", a(1, 2));
        reference.put("out", a(8));
        LayerComparison c = LayerComparison.of(runtime, reference);
        assertThat(c.passed()).isFalse();
        assertThat(c.entries()).extracting(LayerComparison.Entry::layer)
                .containsExactly("dense_1", "act_1", "dense_2", "out");
        assertThat(c.firstDivergentLayer()).contains("dense_2");
        assertThat(c.notInReference()).containsExactly("extra");
        assertThat(c.notInRuntime()).containsExactly("dropout_1");
    }

    @Test
    void layerComparisonPassesWhenAllMatch() {
        LayerComparison c = LayerComparison.of(Map.of("a", a(1)), Map.of("a", a(1)));
        assertThat(c.passed()).isTrue();
        assertThat(c.firstDivergentLayer()).isEmpty();
    }
}
