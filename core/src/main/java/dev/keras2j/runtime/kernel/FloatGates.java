package dev.keras2j.runtime.kernel;

import dev.keras2j.runtime.jit.OutOfLine;

import java.lang.invoke.MethodHandles;

/**
 * Sigmoid and tanh in single precision, written with float additions, multiplications and divisions only
 * (no fused multiply-add, no library call), so that {@link VectorGates} can compute every lane with the same
 * operations in the same order and give the same bits. They are the gate activations of every recurrent
 * step, where {@code Math.exp} in double took about a quarter of an LSTM's time.
 *
 * <p>Accuracy: the exponential is Cephes' {@code expf} (a degree-7 polynomial on
 * {@code [-ln 2 / 2, ln 2 / 2]} after a two-constant reduction), within 2 ulp; sigmoid and tanh add at most
 * two roundings, so both stay within 4 ulp of the exact value (tested against double precision), which is
 * what TensorFlow's float32 kernels give too. Below {@link #EXP_LOW} the exponential is 0: sigmoid is then
 * 0 where it would be at most {@code 1.2e-38}.
 */
final class FloatGates {
    static final float LOG2E = 1.44269504088896341f;
    /** {@code 1.5 · 2^23}: adding and subtracting it rounds a float of magnitude below {@code 2^22} to an integer. */
    static final float ROUND = 12582912f;
    /** {@code ln 2} in two parts: {@code n · LN2_HI} is exact for the {@code n} that occur. */
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    static final float P0 = 1.9875691500e-4f;
    static final float P1 = 1.3981999507e-3f;
    static final float P2 = 8.3334519073e-3f;
    static final float P3 = 4.1665795894e-2f;
    static final float P4 = 1.6666665459e-1f;
    static final float P5 = 5.0000001201e-1f;
    /** Below this {@code exp} is not a normal float: the result is 0. */
    static final float EXP_LOW = -87.33654475f;
    /** Below this magnitude tanh uses its odd polynomial (Cephes' {@code tanhf}). */
    static final float TANH_SMALL = 0.625f;
    static final float T0 = -5.70498872745e-3f;
    static final float T1 = 2.06390887954e-2f;
    static final float T2 = -5.37397155531e-2f;
    static final float T3 = 1.33314422036e-1f;
    static final float T4 = -3.33332819422e-1f;

    private FloatGates() {
    }

    /**
     * The {@link VectorGates} loops, each compiled on its own ({@link OutOfLine}); loaded only once the path is
     * available (the warm-up race calls them through here too, so that nothing is left to link at first use).
     */
    static final class Vectors {
        static final OutOfLine SIGMOID = new OutOfLine(MethodHandles.lookup(), VectorGates.class, "sigmoid");
        static final OutOfLine TANH = new OutOfLine(MethodHandles.lookup(), VectorGates.class, "tanh");
        static final OutOfLine RELU = new OutOfLine(MethodHandles.lookup(), VectorGates.class, "relu");
    }

    /** {@code data[from, to) = sigmoid(data[from, to))}, a vector at a time once the Vector API gates are ready. */
    static void sigmoid(float[] data, int from, int to) {
        if (VectorSupport.gatesReady()) {
            Vectors.SIGMOID.run(data, from, to);
            return;
        }
        for (int i = from; i < to; i++) {
            data[i] = sigmoid(data[i]);
        }
    }

    /**
     * {@code data[from, to) = Math.max(data[from, to), 0f)}: ReLU, NaN kept and {@code -0.0} to {@code +0.0}, a vector
     * at a time once the Vector API gates are ready (a scalar {@code Math.max} costs several instructions per
     * value to keep those rules, and every convolution's output goes through this).
     */
    static void relu(float[] data, int from, int to) {
        if (VectorSupport.gatesReady()) {
            Vectors.RELU.run(data, from, to);
            return;
        }
        for (int i = from; i < to; i++) {
            data[i] = Math.max(data[i], 0f);
        }
    }

    /** {@code data[from, to) = tanh(data[from, to))}, a vector at a time once the Vector API gates are ready. */
    static void tanh(float[] data, int from, int to) {
        if (VectorSupport.gatesReady()) {
            Vectors.TANH.run(data, from, to);
            return;
        }
        for (int i = from; i < to; i++) {
            data[i] = tanh(data[i]);
        }
    }

    /** {@code e^x} for {@code x ≤ 0} (or NaN); 0 below {@link #EXP_LOW}. */
    static float expNonPositive(float x) {
        float t = x * LOG2E + ROUND;
        float n = t - ROUND;
        float r = x - n * LN2_HI;
        r = r - n * LN2_LO;
        float z = r * r;
        float y = P0;
        y = y * r + P1;
        y = y * r + P2;
        y = y * r + P3;
        y = y * r + P4;
        y = y * r + P5;
        y = y * z + r + 1f;
        // t holds n + 1.5·2^23 exactly, so its low mantissa bits are n + 2^22: n + 127 shifted into the exponent.
        int bits = (Float.floatToRawIntBits(t) - Float.floatToRawIntBits(ROUND) + 127) << 23;
        float e = y * Float.intBitsToFloat(bits);
        return x < EXP_LOW ? 0f : e;
    }

    /** {@code 1 / (1 + e^-x)}, from {@code e^-|x|} so that nothing overflows. */
    static float sigmoid(float x) {
        float e = expNonPositive(-Math.abs(x));
        return (x >= 0f ? 1f : e) / (1f + e);
    }

    /** {@code tanh x}: an odd polynomial near 0, {@code ±(1 - e^-2|x|) / (1 + e^-2|x|)} elsewhere. */
    static float tanh(float x) {
        float a = Math.abs(x);
        float e = expNonPositive(a * -2f);
        float large = Math.copySign((1f - e) / (1f + e), x);
        float z = x * x;
        float p = T0;
        p = p * z + T1;
        p = p * z + T2;
        p = p * z + T3;
        p = p * z + T4;
        float small = p * z * x + x;
        return a < TANH_SMALL ? small : large;
    }
}
