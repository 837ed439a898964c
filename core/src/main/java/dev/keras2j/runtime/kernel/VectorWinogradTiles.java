package dev.keras2j.runtime.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WinogradTiles} eight channels at a time on the Vector API, with the same operations in the same
 * order as the scalar loop (lane-wise float additions and subtractions round exactly as scalar ones); loaded
 * only once {@link VectorSupport#ready()}.
 */
final class VectorWinogradTiles {
    private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;

    private VectorWinogradTiles() {
    }

    /** {@link WinogradTiles#input} on the whole vectors of channels; returns the first channel left to do. */
    static int input(float[] src, int at, int rowStride, int channels, float[] v, int vAt, int plane) {
        int c1 = channels;
        int c2 = 2 * channels;
        int c3 = 3 * channels;
        int end = channels - channels % F8.length();
        for (int j = 0; j < end; j += F8.length()) {
            int r0 = at + j;
            int r1 = r0 + rowStride;
            int r2 = r1 + rowStride;
            int r3 = r2 + rowStride;
            FloatVector e00 = FloatVector.fromArray(F8, src, r0).sub(FloatVector.fromArray(F8, src, r0 + c2));
            FloatVector e01 = FloatVector.fromArray(F8, src, r0 + c1).add(FloatVector.fromArray(F8, src, r0 + c2));
            FloatVector e02 = FloatVector.fromArray(F8, src, r0 + c2).sub(FloatVector.fromArray(F8, src, r0 + c1));
            FloatVector e03 = FloatVector.fromArray(F8, src, r0 + c1).sub(FloatVector.fromArray(F8, src, r0 + c3));
            FloatVector e10 = FloatVector.fromArray(F8, src, r1).sub(FloatVector.fromArray(F8, src, r1 + c2));
            FloatVector e11 = FloatVector.fromArray(F8, src, r1 + c1).add(FloatVector.fromArray(F8, src, r1 + c2));
            FloatVector e12 = FloatVector.fromArray(F8, src, r1 + c2).sub(FloatVector.fromArray(F8, src, r1 + c1));
            FloatVector e13 = FloatVector.fromArray(F8, src, r1 + c1).sub(FloatVector.fromArray(F8, src, r1 + c3));
            FloatVector e20 = FloatVector.fromArray(F8, src, r2).sub(FloatVector.fromArray(F8, src, r2 + c2));
            FloatVector e21 = FloatVector.fromArray(F8, src, r2 + c1).add(FloatVector.fromArray(F8, src, r2 + c2));
            FloatVector e22 = FloatVector.fromArray(F8, src, r2 + c2).sub(FloatVector.fromArray(F8, src, r2 + c1));
            FloatVector e23 = FloatVector.fromArray(F8, src, r2 + c1).sub(FloatVector.fromArray(F8, src, r2 + c3));
            int o = vAt + j;
            e00.sub(e20).intoArray(v, o);
            e01.sub(e21).intoArray(v, o + plane);
            e02.sub(e22).intoArray(v, o + 2 * plane);
            e03.sub(e23).intoArray(v, o + 3 * plane);
            e10.add(e20).intoArray(v, o + 4 * plane);
            e11.add(e21).intoArray(v, o + 5 * plane);
            e12.add(e22).intoArray(v, o + 6 * plane);
            e13.add(e23).intoArray(v, o + 7 * plane);
            e20.sub(e10).intoArray(v, o + 8 * plane);
            e21.sub(e11).intoArray(v, o + 9 * plane);
            e22.sub(e12).intoArray(v, o + 10 * plane);
            e23.sub(e13).intoArray(v, o + 11 * plane);
            // Row 3 last: its four values are needed only here, which keeps fewer vectors live.
            e10.sub(FloatVector.fromArray(F8, src, r3).sub(FloatVector.fromArray(F8, src, r3 + c2))).intoArray(v, o + 12 * plane);
            e11.sub(FloatVector.fromArray(F8, src, r3 + c1).add(FloatVector.fromArray(F8, src, r3 + c2))).intoArray(v, o + 13 * plane);
            e12.sub(FloatVector.fromArray(F8, src, r3 + c2).sub(FloatVector.fromArray(F8, src, r3 + c1))).intoArray(v, o + 14 * plane);
            e13.sub(FloatVector.fromArray(F8, src, r3 + c1).sub(FloatVector.fromArray(F8, src, r3 + c3))).intoArray(v, o + 15 * plane);
        }
        return end;
    }

    /** {@link WinogradTiles#output} on the whole vectors of channels; returns the first channel left to do. */
    static int output(float[] m, int mAt, int plane, int channels, float[] bias, float[] y, int yAt, int rowStride) {
        int end = channels - channels % F8.length();
        FloatVector zero = FloatVector.zero(F8);
        for (int j = 0; j < end; j += F8.length()) {
            int p = mAt + j;
            FloatVector m1 = FloatVector.fromArray(F8, m, p + plane);
            FloatVector m2 = FloatVector.fromArray(F8, m, p + 2 * plane);
            FloatVector s00 = FloatVector.fromArray(F8, m, p).add(m1).add(m2);
            FloatVector s01 = m1.sub(m2).sub(FloatVector.fromArray(F8, m, p + 3 * plane));
            FloatVector m5 = FloatVector.fromArray(F8, m, p + 5 * plane);
            FloatVector m6 = FloatVector.fromArray(F8, m, p + 6 * plane);
            FloatVector s10 = FloatVector.fromArray(F8, m, p + 4 * plane).add(m5).add(m6);
            FloatVector s11 = m5.sub(m6).sub(FloatVector.fromArray(F8, m, p + 7 * plane));
            FloatVector m9 = FloatVector.fromArray(F8, m, p + 9 * plane);
            FloatVector m10 = FloatVector.fromArray(F8, m, p + 10 * plane);
            FloatVector s20 = FloatVector.fromArray(F8, m, p + 8 * plane).add(m9).add(m10);
            FloatVector s21 = m9.sub(m10).sub(FloatVector.fromArray(F8, m, p + 11 * plane));
            FloatVector m13 = FloatVector.fromArray(F8, m, p + 13 * plane);
            FloatVector m14 = FloatVector.fromArray(F8, m, p + 14 * plane);
            FloatVector s30 = FloatVector.fromArray(F8, m, p + 12 * plane).add(m13).add(m14);
            FloatVector s31 = m13.sub(m14).sub(FloatVector.fromArray(F8, m, p + 15 * plane));
            FloatVector b = bias == null ? zero : FloatVector.fromArray(F8, bias, j);
            int o = yAt + j;
            s00.add(s10).add(s20).add(b).intoArray(y, o);
            s01.add(s11).add(s21).add(b).intoArray(y, o + channels);
            s10.sub(s20).sub(s30).add(b).intoArray(y, o + rowStride);
            s11.sub(s21).sub(s31).add(b).intoArray(y, o + rowStride + channels);
        }
        return end;
    }
}
