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
            FloatVector e00 = load(src, r0).sub(load(src, r0 + c2));
            FloatVector e01 = load(src, r0 + c1).add(load(src, r0 + c2));
            FloatVector e02 = load(src, r0 + c2).sub(load(src, r0 + c1));
            FloatVector e03 = load(src, r0 + c1).sub(load(src, r0 + c3));
            FloatVector e10 = load(src, r1).sub(load(src, r1 + c2));
            FloatVector e11 = load(src, r1 + c1).add(load(src, r1 + c2));
            FloatVector e12 = load(src, r1 + c2).sub(load(src, r1 + c1));
            FloatVector e13 = load(src, r1 + c1).sub(load(src, r1 + c3));
            FloatVector e20 = load(src, r2).sub(load(src, r2 + c2));
            FloatVector e21 = load(src, r2 + c1).add(load(src, r2 + c2));
            FloatVector e22 = load(src, r2 + c2).sub(load(src, r2 + c1));
            FloatVector e23 = load(src, r2 + c1).sub(load(src, r2 + c3));
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
            e10.sub(load(src, r3).sub(load(src, r3 + c2))).intoArray(v, o + 12 * plane);
            e11.sub(load(src, r3 + c1).add(load(src, r3 + c2))).intoArray(v, o + 13 * plane);
            e12.sub(load(src, r3 + c2).sub(load(src, r3 + c1))).intoArray(v, o + 14 * plane);
            e13.sub(load(src, r3 + c1).sub(load(src, r3 + c3))).intoArray(v, o + 15 * plane);
        }
        return end;
    }

    /** {@link WinogradTiles#output} on the whole vectors of channels; returns the first channel left to do. */
    static int output(float[] m, int mAt, int plane, int channels, float[] bias, float[] y, int yAt, int rowStride) {
        int end = channels - channels % F8.length();
        FloatVector zero = FloatVector.zero(F8);
        for (int j = 0; j < end; j += F8.length()) {
            int p = mAt + j;
            FloatVector m1 = load(m, p + plane);
            FloatVector m2 = load(m, p + 2 * plane);
            FloatVector s00 = load(m, p).add(m1).add(m2);
            FloatVector s01 = m1.sub(m2).sub(load(m, p + 3 * plane));
            FloatVector m5 = load(m, p + 5 * plane);
            FloatVector m6 = load(m, p + 6 * plane);
            FloatVector s10 = load(m, p + 4 * plane).add(m5).add(m6);
            FloatVector s11 = m5.sub(m6).sub(load(m, p + 7 * plane));
            FloatVector m9 = load(m, p + 9 * plane);
            FloatVector m10 = load(m, p + 10 * plane);
            FloatVector s20 = load(m, p + 8 * plane).add(m9).add(m10);
            FloatVector s21 = m9.sub(m10).sub(load(m, p + 11 * plane));
            FloatVector m13 = load(m, p + 13 * plane);
            FloatVector m14 = load(m, p + 14 * plane);
            FloatVector s30 = load(m, p + 12 * plane).add(m13).add(m14);
            FloatVector s31 = m13.sub(m14).sub(load(m, p + 15 * plane));
            FloatVector b = bias == null ? zero : load(bias, j);
            int o = yAt + j;
            s00.add(s10).add(s20).add(b).intoArray(y, o);
            s01.add(s11).add(s21).add(b).intoArray(y, o + channels);
            s10.sub(s20).sub(s30).add(b).intoArray(y, o + rowStride);
            s11.sub(s21).sub(s31).add(b).intoArray(y, o + rowStride + channels);
        }
        return end;
    }

    private static FloatVector load(float[] a, int at) {
        return FloatVector.fromArray(F8, a, at);
    }
}
