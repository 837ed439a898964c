package dev.keras2j.runtime.kernel;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pooling steps: the Vector API loops give {@code Math.max}'s and scalar addition's bits, every pair of
 * special values included (NaN either side, signed zeros both ways, infinities), with channel counts off
 * the vector width and offsets into larger arrays.
 */
class WindowReduceTest {
    private static final float[] SPECIALS = {0f, -0f, 1f, -1f, 1e-40f, -1e-40f, Float.MAX_VALUE, -Float.MAX_VALUE,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 3.5f};

    @Test
    void vectorStepsGiveTheScalarBitsOnEverySpecialPair() {
        assertThat(VectorSupport.available()).isTrue();
        int n = SPECIALS.length * SPECIALS.length;
        float[] acc = new float[n + 5];
        float[] src = new float[n + 3];
        for (int i = 0; i < SPECIALS.length; i++) {
            for (int j = 0; j < SPECIALS.length; j++) {
                acc[2 + i * SPECIALS.length + j] = SPECIALS[i];
                src[1 + i * SPECIALS.length + j] = SPECIALS[j];
            }
        }
        assertSameAsScalar(acc, src, n);
    }

    @Test
    void vectorStepsGiveTheScalarBitsOnRandomRows() {
        Random r = new Random(5);
        for (int count : new int[] {1, 7, 8, 9, 15, 16, 17, 32, 61}) {
            float[] acc = new float[count + 5];
            float[] src = new float[count + 3];
            for (int i = 0; i < acc.length; i++) {
                acc[i] = (float) r.nextGaussian();
            }
            for (int i = 0; i < src.length; i++) {
                src[i] = (float) r.nextGaussian();
            }
            assertSameAsScalar(acc, src, count);
        }
    }

    private static void assertSameAsScalar(float[] acc, float[] src, int count) {
        float[] scalarMax = acc.clone();
        float[] scalarSum = acc.clone();
        for (int i = 0; i < count; i++) {
            scalarMax[2 + i] = Math.max(scalarMax[2 + i], src[1 + i]);
            scalarSum[2 + i] += src[1 + i];
        }
        float[] vectorMax = acc.clone();
        float[] vectorSum = acc.clone();
        finishScalar(vectorMax, src, VectorWindowReduce.max(vectorMax, 2, src, 1, count), count, true);
        finishScalar(vectorSum, src, VectorWindowReduce.add(vectorSum, 2, src, 1, count), count, false);
        assertThat(vectorMax).containsExactly(scalarMax);
        assertThat(vectorSum).containsExactly(scalarSum);
        // The dispatching entry points, on whichever path is ready.
        float[] max = acc.clone();
        float[] sum = acc.clone();
        WindowReduce.max(max, 2, src, 1, count);
        WindowReduce.add(sum, 2, src, 1, count);
        assertThat(max).containsExactly(scalarMax);
        assertThat(sum).containsExactly(scalarSum);
    }

    private static void finishScalar(float[] acc, float[] src, int from, int count, boolean max) {
        assertThat(from).isEqualTo(count - count % Lanes.COUNT);
        for (int i = from; i < count; i++) {
            acc[2 + i] = max ? Math.max(acc[2 + i], src[1 + i]) : acc[2 + i] + src[1 + i];
        }
    }
}
