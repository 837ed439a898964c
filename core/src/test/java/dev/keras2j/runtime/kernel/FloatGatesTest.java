package dev.keras2j.runtime.kernel;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The float gate activations: within 4 ulp of the exact value (double precision) over the whole float
 * range, and the Vector API loops give the scalar functions' bits, specials included.
 */
class FloatGatesTest {
    private static final float[] SPECIALS = {0f, -0f, 1f, -1f, 0.625f, -0.625f, 0.62499994f, 1e-30f, -1e-30f, 1e-40f,
        -87.33654f, -87.4f, 87.4f, -103.9f, -104f, 88.8f, 9f, -9f, 20f, -20f, Float.MAX_VALUE, -Float.MAX_VALUE,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.MIN_VALUE, -Float.MIN_VALUE};

    @Test
    void sigmoidIsWithinFourUlpOfExact() {
        for (float x : inputs()) {
            double exact = 1.0 / (1.0 + Math.exp(-(double) x));
            float got = FloatGates.sigmoid(x);
            if (Float.isNaN(x)) {
                assertThat(got).isNaN();
            } else if (exact < 1.2e-38) {
                // Below EXP_LOW the exponential is 0, documented: sigmoid is 0 where it is at most 1.2e-38.
                assertThat((double) got).as("sigmoid(%s)", x).isLessThanOrEqualTo(1.2e-38);
            } else {
                assertThat(ulps(got, exact)).as("sigmoid(%s) = %s, exact %s", x, got, exact).isLessThanOrEqualTo(4);
            }
        }
    }

    @Test
    void tanhIsWithinFourUlpOfExact() {
        for (float x : inputs()) {
            double exact = Math.tanh(x);
            float got = FloatGates.tanh(x);
            if (Float.isNaN(x)) {
                assertThat(got).isNaN();
            } else {
                assertThat(ulps(got, exact)).as("tanh(%s) = %s, exact %s", x, got, exact).isLessThanOrEqualTo(4);
            }
        }
    }

    @Test
    void vectorLoopsGiveTheScalarBits() {
        float[] x = inputs();
        for (int from : new int[] {0, 3}) {
            float[] sig = x.clone();
            VectorGates.sigmoid(sig, from, x.length - 5);
            float[] tanh = x.clone();
            VectorGates.tanh(tanh, from, x.length - 5);
            for (int i = 0; i < x.length; i++) {
                boolean inside = i >= from && i < x.length - 5;
                // Bits, with every NaN as one (NaN payloads may differ), but +0 and -0 apart.
                assertThat(Float.floatToIntBits(sig[i])).as("sigmoid(%s)", x[i])
                        .isEqualTo(Float.floatToIntBits(inside ? FloatGates.sigmoid(x[i]) : x[i]));
                assertThat(Float.floatToIntBits(tanh[i])).as("tanh(%s)", x[i])
                        .isEqualTo(Float.floatToIntBits(inside ? FloatGates.tanh(x[i]) : x[i]));
            }
        }
    }

    /** The handles the dispatchers call once the vector path is ready: each names its loop's signature. */
    @Test
    void outOfLineHandlesRunTheVectorLoops() {
        float[] x = inputs();
        float[] sig = x.clone();
        float[] tanh = x.clone();
        float[] relu = x.clone();
        FloatGates.Vectors.SIGMOID.run(sig, 3, x.length - 5);
        FloatGates.Vectors.TANH.run(tanh, 3, x.length - 5);
        FloatGates.Vectors.RELU.run(relu, 3, x.length - 5);
        for (int i = 0; i < x.length; i++) {
            boolean inside = i >= 3 && i < x.length - 5;
            assertThat(Float.floatToIntBits(sig[i])).isEqualTo(Float.floatToIntBits(inside ? FloatGates.sigmoid(x[i]) : x[i]));
            assertThat(Float.floatToIntBits(tanh[i])).isEqualTo(Float.floatToIntBits(inside ? FloatGates.tanh(x[i]) : x[i]));
            assertThat(Float.floatToIntBits(relu[i])).isEqualTo(Float.floatToIntBits(inside ? Math.max(x[i], 0f) : x[i]));
        }
    }

    @Test
    void vectorReluGivesMathMaxWithZeroBits() {
        float[] x = inputs();
        for (int from : new int[] {0, 3}) {
            float[] relu = x.clone();
            VectorGates.relu(relu, from, x.length - 5);
            for (int i = 0; i < x.length; i++) {
                boolean inside = i >= from && i < x.length - 5;
                assertThat(Float.floatToIntBits(relu[i])).as("relu(%s)", x[i])
                        .isEqualTo(Float.floatToIntBits(inside ? Math.max(x[i], 0f) : x[i]));
            }
            float[] dispatched = x.clone();
            FloatGates.relu(dispatched, from, x.length - 5);
            for (int i = 0; i < x.length; i++) {
                boolean inside = i >= from && i < x.length - 5;
                assertThat(Float.floatToIntBits(dispatched[i]))
                        .isEqualTo(Float.floatToIntBits(inside ? Math.max(x[i], 0f) : x[i]));
            }
        }
    }

    /** Specials, then a spread over every binade of both signs and dense samples where gates live. */
    private static float[] inputs() {
        Random r = new Random(5);
        int n = 400_000;
        float[] x = new float[SPECIALS.length + n];
        System.arraycopy(SPECIALS, 0, x, 0, SPECIALS.length);
        for (int i = 0; i < n; i++) {
            x[SPECIALS.length + i] = i % 2 == 0
                    ? Float.intBitsToFloat(r.nextInt()) // any float, NaNs and infinities included
                    : (float) (r.nextGaussian() * (i % 3 == 0 ? 1 : 12));
        }
        return x;
    }

    /** Floats between {@code got} and {@code exact} rounded to float (the two zeros count as one). */
    private static long ulps(float got, double exact) {
        return Math.abs(ordinal(got) - ordinal((float) exact));
    }

    /** The float's place on the number line, counted in floats from zero. */
    private static long ordinal(float f) {
        int bits = Float.floatToIntBits(f);
        return bits >= 0 ? bits : -(long) (bits & 0x7fffffff);
    }
}
