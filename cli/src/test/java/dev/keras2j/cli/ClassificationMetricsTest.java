package dev.keras2j.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ClassificationMetricsTest {
    @Test
    void countsFromTheConfusionMatrix() {
        // truth 0 0 0 1 1 2, predicted 0 0 1 1 2 2
        ClassificationMetrics m = ClassificationMetrics.of(new int[] {0, 0, 0, 1, 1, 2}, new int[] {0, 0, 1, 1, 2, 2}, 3);
        assertThat(m.confusionMatrix()).isDeepEqualTo(new long[][] {{2, 1, 0}, {0, 1, 1}, {0, 0, 1}});
        assertThat(m.accuracy()).isEqualTo(4.0 / 6);
        assertThat(m.precision(0)).isEqualTo(1.0);
        assertThat(m.recall(0)).isEqualTo(2.0 / 3);
        assertThat(m.precision(1)).isEqualTo(0.5);
        assertThat(m.recall(1)).isEqualTo(0.5);
        assertThat(m.precision(2)).isEqualTo(0.5);
        assertThat(m.recall(2)).isEqualTo(1.0);
        assertThat(m.f1(0)).isCloseTo(0.8, within(1e-12));
        assertThat(m.macroPrecision()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.macroRecall()).isCloseTo((2.0 / 3 + 0.5 + 1.0) / 3, within(1e-12));
    }

    @Test
    void classesWithoutPredictionsOrSupportScoreZeroAndAbsentClassesAreLeftOutOfMacros() {
        // Class 1 is never predicted, class 2 never occurs in the labels, class 3 occurs nowhere.
        ClassificationMetrics m = ClassificationMetrics.of(new int[] {0, 1, 1}, new int[] {0, 2, 0}, 4);
        assertThat(m.precision(1)).isZero();
        assertThat(m.recall(2)).isZero();
        assertThat(m.f1(1)).isZero();
        assertThat(m.f1(3)).isZero();
        // Macro over classes 0, 1, 2: precision (0.5 + 0 + 0) / 3.
        assertThat(m.macroPrecision()).isCloseTo(0.5 / 3, within(1e-12));
        assertThat(m.macroRecall()).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void labelsAndPredictionsMustPair() {
        assertThatThrownBy(() -> ClassificationMetrics.of(new int[] {0}, new int[] {0, 1}, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
