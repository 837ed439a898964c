package dev.keras2j.runtime.kernel;

/**
 * The tile transforms of Winograd's minimal filtering F(2×2, 3×3) (Lavin &amp; Gray, 2015) on channels-last
 * tiles: {@code V = Bᵀ d B} of a 4×4 input tile and {@code Y = Aᵀ M A} of a 4×4 tile of products, every
 * channel at once, with
 * {@code Bᵀ = [[1,0,−1,0],[0,1,1,0],[0,−1,1,0],[0,1,0,−1]]} and {@code Aᵀ = [[1,1,1,0],[0,1,−1,−1]]}.
 *
 * <p>Both are fixed sequences of float additions and subtractions, rows first, then columns; the Vector
 * API path ({@link VectorWinogradTiles}) does the same operations in the same order a vector of
 * channels at a time, so both paths give the same bits. Position {@code ξ = 4i + j} of a tile is row {@code i}, column
 * {@code j}; the 16 positions of a tile are {@code plane} values apart in {@code V} and {@code M}.
 */
public final class WinogradTiles {
    private WinogradTiles() {
    }

    /**
     * Writes {@code V_ξ} of one input tile into {@code v[vAt + ξ · plane, + channels)} for every position ξ.
     * Pixel {@code (r, q)} of the tile is {@code src[at + r · rowStride + q · channels, + channels)}.
     */
    public static void input(float[] src, int at, int rowStride, int channels, float[] v, int vAt, int plane) {
        int j = VectorSupport.ready() ? VectorWinogradTiles.input(src, at, rowStride, channels, v, vAt, plane) : 0;
        input(j, src, at, rowStride, channels, v, vAt, plane);
    }

    /** {@link #input(float[], int, int, int, float[], int, int)} on channels {@code [j, channels)}, one at a time. */
    static void input(int j, float[] src, int at, int rowStride, int channels, float[] v, int vAt, int plane) {
        int s1 = rowStride;
        int s2 = 2 * rowStride;
        int s3 = 3 * rowStride;
        int c2 = 2 * channels;
        int c3 = 3 * channels;
        for (; j < channels; j++) {
            int p = at + j;
            // d B, row by row.
            float e00 = src[p] - src[p + c2];
            float e01 = src[p + channels] + src[p + c2];
            float e02 = src[p + c2] - src[p + channels];
            float e03 = src[p + channels] - src[p + c3];
            float e10 = src[p + s1] - src[p + s1 + c2];
            float e11 = src[p + s1 + channels] + src[p + s1 + c2];
            float e12 = src[p + s1 + c2] - src[p + s1 + channels];
            float e13 = src[p + s1 + channels] - src[p + s1 + c3];
            float e20 = src[p + s2] - src[p + s2 + c2];
            float e21 = src[p + s2 + channels] + src[p + s2 + c2];
            float e22 = src[p + s2 + c2] - src[p + s2 + channels];
            float e23 = src[p + s2 + channels] - src[p + s2 + c3];
            float e30 = src[p + s3] - src[p + s3 + c2];
            float e31 = src[p + s3 + channels] + src[p + s3 + c2];
            float e32 = src[p + s3 + c2] - src[p + s3 + channels];
            float e33 = src[p + s3 + channels] - src[p + s3 + c3];
            // Bᵀ (d B), column by column.
            int o = vAt + j;
            v[o] = e00 - e20;
            v[o + plane] = e01 - e21;
            v[o + 2 * plane] = e02 - e22;
            v[o + 3 * plane] = e03 - e23;
            v[o + 4 * plane] = e10 + e20;
            v[o + 5 * plane] = e11 + e21;
            v[o + 6 * plane] = e12 + e22;
            v[o + 7 * plane] = e13 + e23;
            v[o + 8 * plane] = e20 - e10;
            v[o + 9 * plane] = e21 - e11;
            v[o + 10 * plane] = e22 - e12;
            v[o + 11 * plane] = e23 - e13;
            v[o + 12 * plane] = e10 - e30;
            v[o + 13 * plane] = e11 - e31;
            v[o + 14 * plane] = e12 - e32;
            v[o + 15 * plane] = e13 - e33;
        }
    }

    /**
     * Writes {@code Y = Aᵀ M A + bias} of one tile of products ({@code M_ξ} at {@code m[mAt + ξ · plane,
     * + channels)}) into its 2×2 output pixels: pixel {@code (a, b)} at {@code y[yAt + a · rowStride + b · channels,
     * + channels)}. {@code bias} may be null.
     */
    public static void output(float[] m, int mAt, int plane, int channels, float[] bias,
                              float[] y, int yAt, int rowStride) {
        int j = VectorSupport.ready() ? VectorWinogradTiles.output(m, mAt, plane, channels, bias, y, yAt, rowStride) : 0;
        output(j, m, mAt, plane, channels, bias, y, yAt, rowStride);
    }

    /** {@link #output(float[], int, int, int, float[], float[], int, int)} on channels {@code [j, channels)}, one at a time. */
    static void output(int j, float[] m, int mAt, int plane, int channels, float[] bias,
                       float[] y, int yAt, int rowStride) {
        for (; j < channels; j++) {
            int p = mAt + j;
            // M A, row by row.
            float s00 = m[p] + m[p + plane] + m[p + 2 * plane];
            float s01 = m[p + plane] - m[p + 2 * plane] - m[p + 3 * plane];
            float s10 = m[p + 4 * plane] + m[p + 5 * plane] + m[p + 6 * plane];
            float s11 = m[p + 5 * plane] - m[p + 6 * plane] - m[p + 7 * plane];
            float s20 = m[p + 8 * plane] + m[p + 9 * plane] + m[p + 10 * plane];
            float s21 = m[p + 9 * plane] - m[p + 10 * plane] - m[p + 11 * plane];
            float s30 = m[p + 12 * plane] + m[p + 13 * plane] + m[p + 14 * plane];
            float s31 = m[p + 13 * plane] - m[p + 14 * plane] - m[p + 15 * plane];
            // Aᵀ (M A), column by column, then the bias.
            float b = bias == null ? 0f : bias[j];
            int o = yAt + j;
            y[o] = s00 + s10 + s20 + b;
            y[o + channels] = s01 + s11 + s21 + b;
            y[o + rowStride] = s10 - s20 - s30 + b;
            y[o + rowStride + channels] = s11 - s21 - s31 + b;
        }
    }
}
