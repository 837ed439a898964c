package dev.keras2j.runtime.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import static dev.keras2j.runtime.kernel.FloatGates.EXP_LOW;
import static dev.keras2j.runtime.kernel.FloatGates.LN2_HI;
import static dev.keras2j.runtime.kernel.FloatGates.LN2_LO;
import static dev.keras2j.runtime.kernel.FloatGates.LOG2E;
import static dev.keras2j.runtime.kernel.FloatGates.P0;
import static dev.keras2j.runtime.kernel.FloatGates.P1;
import static dev.keras2j.runtime.kernel.FloatGates.P2;
import static dev.keras2j.runtime.kernel.FloatGates.P3;
import static dev.keras2j.runtime.kernel.FloatGates.P4;
import static dev.keras2j.runtime.kernel.FloatGates.P5;
import static dev.keras2j.runtime.kernel.FloatGates.ROUND;
import static dev.keras2j.runtime.kernel.FloatGates.T0;
import static dev.keras2j.runtime.kernel.FloatGates.T1;
import static dev.keras2j.runtime.kernel.FloatGates.T2;
import static dev.keras2j.runtime.kernel.FloatGates.T3;
import static dev.keras2j.runtime.kernel.FloatGates.T4;
import static dev.keras2j.runtime.kernel.FloatGates.TANH_SMALL;

/**
 * {@link FloatGates} over arrays on the Vector API, a vector at a time, each lane computed with
 * {@link FloatGates}' operations in its order: the same bits. Loaded only when {@link VectorSupport#available()}.
 *
 * <p>The exponential is written out in both loops rather than called: a helper that takes and returns a
 * vector works only while C2 inlines it, and where C2 leaves it a call, both vectors are boxed at every step.
 */
final class VectorGates {
    private static final VectorSpecies<Float> F = Lanes.FLOATS;
    private static final int BIAS_BITS = Float.floatToRawIntBits(ROUND) - 127;

    private VectorGates() {
    }

    /** {@code data[from, to) = sigmoid(data[from, to))}. */
    static void sigmoid(float[] data, int from, int to) {
        int i = from;
        for (int end = to - F.length(); i <= end; i += F.length()) {
            FloatVector x = FloatVector.fromArray(F, data, i);
            FloatVector u = x.abs().neg();
            // e = expNonPositive(u), as in FloatGates, written out: see the class comment.
            FloatVector t = u.mul(LOG2E).add(ROUND);
            FloatVector n = t.sub(ROUND);
            FloatVector r = u.sub(n.mul(LN2_HI));
            r = r.sub(n.mul(LN2_LO));
            FloatVector z = r.mul(r);
            FloatVector y = FloatVector.broadcast(F, P0).mul(r).add(P1);
            y = y.mul(r).add(P2);
            y = y.mul(r).add(P3);
            y = y.mul(r).add(P4);
            y = y.mul(r).add(P5);
            y = y.mul(z).add(r).add(1f);
            IntVector bits = ((IntVector) t.reinterpretAsInts()).sub(BIAS_BITS).lanewise(VectorOperators.LSHL, 23);
            FloatVector e = y.mul(bits.reinterpretAsFloats()).blend(0f, u.compare(VectorOperators.LT, EXP_LOW));
            e.blend(1f, x.compare(VectorOperators.GE, 0f)).div(e.add(1f)).intoArray(data, i);
        }
        for (; i < to; i++) {
            data[i] = FloatGates.sigmoid(data[i]);
        }
    }

    /** {@code data[from, to) = Math.max(data[from, to), 0f)} ({@link FloatGates#relu}). */
    static void relu(float[] data, int from, int to) {
        int i = from;
        FloatVector zero = FloatVector.zero(F);
        for (int end = to - F.length(); i <= end; i += F.length()) {
            FloatVector.fromArray(F, data, i).max(zero).intoArray(data, i);
        }
        for (; i < to; i++) {
            data[i] = Math.max(data[i], 0f);
        }
    }

    /** {@code data[from, to) = tanh(data[from, to))}. */
    static void tanh(float[] data, int from, int to) {
        int i = from;
        for (int end = to - F.length(); i <= end; i += F.length()) {
            FloatVector x = FloatVector.fromArray(F, data, i);
            FloatVector a = x.abs();
            FloatVector u = a.mul(-2f);
            // e = expNonPositive(u), as in FloatGates, written out: see the class comment.
            FloatVector t = u.mul(LOG2E).add(ROUND);
            FloatVector n = t.sub(ROUND);
            FloatVector r = u.sub(n.mul(LN2_HI));
            r = r.sub(n.mul(LN2_LO));
            FloatVector rr = r.mul(r);
            FloatVector y = FloatVector.broadcast(F, P0).mul(r).add(P1);
            y = y.mul(r).add(P2);
            y = y.mul(r).add(P3);
            y = y.mul(r).add(P4);
            y = y.mul(r).add(P5);
            y = y.mul(rr).add(r).add(1f);
            IntVector bits = ((IntVector) t.reinterpretAsInts()).sub(BIAS_BITS).lanewise(VectorOperators.LSHL, 23);
            FloatVector e = y.mul(bits.reinterpretAsFloats()).blend(0f, u.compare(VectorOperators.LT, EXP_LOW));
            FloatVector magnitude = FloatVector.broadcast(F, 1f).sub(e).div(e.add(1f));
            FloatVector large = magnitude.reinterpretAsInts()
                    .or(x.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats();
            FloatVector z = x.mul(x);
            FloatVector p = FloatVector.broadcast(F, T0).mul(z).add(T1);
            p = p.mul(z).add(T2);
            p = p.mul(z).add(T3);
            p = p.mul(z).add(T4);
            FloatVector small = p.mul(z).mul(x).add(x);
            large.blend(small, a.compare(VectorOperators.LT, TANH_SMALL)).intoArray(data, i);
        }
        for (; i < to; i++) {
            data[i] = FloatGates.tanh(data[i]);
        }
    }
}
