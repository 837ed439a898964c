package dev.keras2j.runtime.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WinogradTiles} a vector of channels at a time on the Vector API, with the same operations in the same
 * order as the scalar loop (lane-wise float additions and subtractions round exactly as scalar ones); loaded
 * only once {@link VectorSupport#ready()}.
 */
final class VectorWinogradTiles {
    private static final VectorSpecies<Float> F = Lanes.FLOATS;

    private VectorWinogradTiles() {
    }

    /** {@link WinogradTiles#input} on the whole vectors of channels; returns the first channel left to do. */
    static int input(float[] src, int at, int rowStride, int channels, float[] v, int vAt, int plane) {
        upperRows(src, at, rowStride, channels, v, vAt, plane);
        return lowerRows(src, at, rowStride, channels, v, vAt, plane);
    }

    /**
     * Rows 0 and 1 of {@code V} (positions 0 to 7), from the tile's rows 0 to 2. The transform is split in two
     * halves of about forty vector operations, each compiled on its own (each is longer than the 325 bytes of
     * bytecode up to which C2 inlines a method into its caller): in one method of sixty, C2 ran out of nodes on
     * some runs and left vectors boxed, allocated at every tile.
     */
    private static int upperRows(float[] src, int at, int rowStride, int channels, float[] v, int vAt, int plane) {
        int c2 = 2 * channels;
        int c3 = 3 * channels;
        int end = channels - channels % F.length();
        for (int j = 0; j < end; j += F.length()) {
            int r0 = at + j;
            int r1 = r0 + rowStride;
            int r2 = r1 + rowStride;
            // d B, row by row: (d0 - d2, d1 + d2, d2 - d1, d1 - d3).
            FloatVector d00 = FloatVector.fromArray(F, src, r0);
            FloatVector d01 = FloatVector.fromArray(F, src, r0 + channels);
            FloatVector d02 = FloatVector.fromArray(F, src, r0 + c2);
            FloatVector d03 = FloatVector.fromArray(F, src, r0 + c3);
            FloatVector d10 = FloatVector.fromArray(F, src, r1);
            FloatVector d11 = FloatVector.fromArray(F, src, r1 + channels);
            FloatVector d12 = FloatVector.fromArray(F, src, r1 + c2);
            FloatVector d13 = FloatVector.fromArray(F, src, r1 + c3);
            FloatVector d20 = FloatVector.fromArray(F, src, r2);
            FloatVector d21 = FloatVector.fromArray(F, src, r2 + channels);
            FloatVector d22 = FloatVector.fromArray(F, src, r2 + c2);
            FloatVector d23 = FloatVector.fromArray(F, src, r2 + c3);
            FloatVector e20 = d20.sub(d22);
            FloatVector e21 = d21.add(d22);
            FloatVector e22 = d22.sub(d21);
            FloatVector e23 = d21.sub(d23);
            // Bᵀ (d B): row 0 is e0 - e2, row 1 is e1 + e2.
            int o = vAt + j;
            d00.sub(d02).sub(e20).intoArray(v, o);
            d01.add(d02).sub(e21).intoArray(v, o + plane);
            d02.sub(d01).sub(e22).intoArray(v, o + 2 * plane);
            d01.sub(d03).sub(e23).intoArray(v, o + 3 * plane);
            d10.sub(d12).add(e20).intoArray(v, o + 4 * plane);
            d11.add(d12).add(e21).intoArray(v, o + 5 * plane);
            d12.sub(d11).add(e22).intoArray(v, o + 6 * plane);
            d11.sub(d13).add(e23).intoArray(v, o + 7 * plane);
        }
        return end;
    }

    /** Rows 2 and 3 of {@code V} (positions 8 to 15), from the tile's rows 1 to 3; see {@link #upperRows}. */
    private static int lowerRows(float[] src, int at, int rowStride, int channels, float[] v, int vAt, int plane) {
        int c2 = 2 * channels;
        int c3 = 3 * channels;
        int end = channels - channels % F.length();
        for (int j = 0; j < end; j += F.length()) {
            int r1 = at + j + rowStride;
            int r2 = r1 + rowStride;
            int r3 = r2 + rowStride;
            FloatVector d10 = FloatVector.fromArray(F, src, r1);
            FloatVector d11 = FloatVector.fromArray(F, src, r1 + channels);
            FloatVector d12 = FloatVector.fromArray(F, src, r1 + c2);
            FloatVector d13 = FloatVector.fromArray(F, src, r1 + c3);
            FloatVector d20 = FloatVector.fromArray(F, src, r2);
            FloatVector d21 = FloatVector.fromArray(F, src, r2 + channels);
            FloatVector d22 = FloatVector.fromArray(F, src, r2 + c2);
            FloatVector d23 = FloatVector.fromArray(F, src, r2 + c3);
            FloatVector d30 = FloatVector.fromArray(F, src, r3);
            FloatVector d31 = FloatVector.fromArray(F, src, r3 + channels);
            FloatVector d32 = FloatVector.fromArray(F, src, r3 + c2);
            FloatVector d33 = FloatVector.fromArray(F, src, r3 + c3);
            FloatVector e10 = d10.sub(d12);
            FloatVector e11 = d11.add(d12);
            FloatVector e12 = d12.sub(d11);
            FloatVector e13 = d11.sub(d13);
            // Bᵀ (d B): row 2 is e2 - e1, row 3 is e1 - e3.
            int o = vAt + j + 8 * plane;
            d20.sub(d22).sub(e10).intoArray(v, o);
            d21.add(d22).sub(e11).intoArray(v, o + plane);
            d22.sub(d21).sub(e12).intoArray(v, o + 2 * plane);
            d21.sub(d23).sub(e13).intoArray(v, o + 3 * plane);
            e10.sub(d30.sub(d32)).intoArray(v, o + 4 * plane);
            e11.sub(d31.add(d32)).intoArray(v, o + 5 * plane);
            e12.sub(d32.sub(d31)).intoArray(v, o + 6 * plane);
            e13.sub(d31.sub(d33)).intoArray(v, o + 7 * plane);
        }
        return end;
    }

    /** {@link WinogradTiles#output} on the whole vectors of channels; returns the first channel left to do. */
    static int output(float[] m, int mAt, int plane, int channels, float[] bias, float[] y, int yAt, int rowStride) {
        int end = channels - channels % F.length();
        FloatVector zero = FloatVector.zero(F);
        for (int j = 0; j < end; j += F.length()) {
            int p = mAt + j;
            FloatVector m1 = FloatVector.fromArray(F, m, p + plane);
            FloatVector m2 = FloatVector.fromArray(F, m, p + 2 * plane);
            FloatVector s00 = FloatVector.fromArray(F, m, p).add(m1).add(m2);
            FloatVector s01 = m1.sub(m2).sub(FloatVector.fromArray(F, m, p + 3 * plane));
            FloatVector m5 = FloatVector.fromArray(F, m, p + 5 * plane);
            FloatVector m6 = FloatVector.fromArray(F, m, p + 6 * plane);
            FloatVector s10 = FloatVector.fromArray(F, m, p + 4 * plane).add(m5).add(m6);
            FloatVector s11 = m5.sub(m6).sub(FloatVector.fromArray(F, m, p + 7 * plane));
            FloatVector m9 = FloatVector.fromArray(F, m, p + 9 * plane);
            FloatVector m10 = FloatVector.fromArray(F, m, p + 10 * plane);
            FloatVector s20 = FloatVector.fromArray(F, m, p + 8 * plane).add(m9).add(m10);
            FloatVector s21 = m9.sub(m10).sub(FloatVector.fromArray(F, m, p + 11 * plane));
            FloatVector m13 = FloatVector.fromArray(F, m, p + 13 * plane);
            FloatVector m14 = FloatVector.fromArray(F, m, p + 14 * plane);
            FloatVector s30 = FloatVector.fromArray(F, m, p + 12 * plane).add(m13).add(m14);
            FloatVector s31 = m13.sub(m14).sub(FloatVector.fromArray(F, m, p + 15 * plane));
            FloatVector b = bias == null ? zero : FloatVector.fromArray(F, bias, j);
            int o = yAt + j;
            s00.add(s10).add(s20).add(b).intoArray(y, o);
            s01.add(s11).add(s21).add(b).intoArray(y, o + channels);
            s10.sub(s20).sub(s30).add(b).intoArray(y, o + rowStride);
            s11.sub(s21).sub(s31).add(b).intoArray(y, o + rowStride + channels);
        }
        return end;
    }
}
