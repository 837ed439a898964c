package dev.keras2j.runtime.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The F(2×2, 3×3) tile transforms against their matrix definitions, and the Vector API path against the
 * scalar one bit for bit.
 */
class WinogradTilesTest {
    private static final double[][] BT = {{1, 0, -1, 0}, {0, 1, 1, 0}, {0, -1, 1, 0}, {0, 1, 0, -1}};
    private static final double[][] AT = {{1, 1, 1, 0}, {0, 1, -1, -1}};

    /** Small integers: every sum is exact in float, so the transforms must equal the matrix products exactly. */
    @ParameterizedTest(name = "{0} channels")
    @ValueSource(ints = {1, 8, 13})
    void theInputTransformIsBTransposedDB(int channels) {
        Random r = new Random(channels);
        int rowStride = 5 * channels + 3;
        float[] src = integers(r, 4 * rowStride);
        int plane = channels + 2;
        float[] v = new float[16 * plane];
        WinogradTiles.input(src, 1, rowStride, channels, v, 1, plane);
        for (int c = 0; c < channels; c++) {
            double[][] d = new double[4][4];
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    d[y][x] = src[1 + y * rowStride + x * channels + c];
                }
            }
            double[][] expected = times(times(BT, d), transpose(BT));
            for (int xi = 0; xi < 16; xi++) {
                assertThat((double) v[1 + xi * plane + c]).as("channel %d position %d", c, xi)
                        .isEqualTo(expected[xi / 4][xi % 4]);
            }
        }
    }

    @ParameterizedTest(name = "{0} channels")
    @ValueSource(ints = {1, 8, 13})
    void theOutputTransformIsATransposedMAPlusTheBias(int channels) {
        Random r = new Random(channels + 100);
        int plane = channels + 1;
        float[] m = integers(r, 16 * plane + 2);
        float[] bias = integers(r, channels);
        int rowStride = 3 * channels;
        float[] y = new float[2 * rowStride];
        WinogradTiles.output(m, 2, plane, channels, bias, y, 0, rowStride);
        float[] noBias = new float[2 * rowStride];
        WinogradTiles.output(m, 2, plane, channels, null, noBias, 0, rowStride);
        for (int c = 0; c < channels; c++) {
            double[][] mc = new double[4][4];
            for (int xi = 0; xi < 16; xi++) {
                mc[xi / 4][xi % 4] = m[2 + xi * plane + c];
            }
            double[][] expected = times(times(AT, mc), transpose(AT));
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 2; b++) {
                    int at = a * rowStride + b * channels + c;
                    assertThat((double) y[at]).as("channel %d pixel %d,%d", c, a, b).isEqualTo(expected[a][b] + bias[c]);
                    assertThat((double) noBias[at]).isEqualTo(expected[a][b]);
                }
            }
        }
    }

    /**
     * The Vector API path and its scalar tail give the bits of the scalar loop, rounding included. The test JVMs
     * resolve the Vector API module (GemmTest requires it), so this always runs.
     */
    @Test
    void theVectorPathGivesTheScalarBits() {
        assertThat(VectorSupport.available()).as("Vector API path available").isTrue();
        Random r = new Random(7);
        for (int channels : new int[] {8, 21, 64}) {
            int rowStride = 4 * channels + 5;
            float[] src = ProductPaths.gaussian(r, 4 * rowStride, 3.0);
            int plane = channels;
            float[] scalar = new float[16 * plane];
            float[] vector = new float[16 * plane];
            WinogradTiles.input(0, src, 0, rowStride, channels, scalar, 0, plane);
            int j = VectorWinogradTiles.input(src, 0, rowStride, channels, vector, 0, plane);
            WinogradTiles.input(j, src, 0, rowStride, channels, vector, 0, plane);
            assertThat(vector).as("input, %d channels", channels).isEqualTo(scalar);

            float[] bias = ProductPaths.gaussian(r, channels, 1.0);
            float[] yScalar = new float[4 * channels];
            float[] yVector = new float[4 * channels];
            WinogradTiles.output(0, scalar, 0, plane, channels, bias, yScalar, 0, 2 * channels);
            j = VectorWinogradTiles.output(scalar, 0, plane, channels, bias, yVector, 0, 2 * channels);
            WinogradTiles.output(j, scalar, 0, plane, channels, bias, yVector, 0, 2 * channels);
            assertThat(yVector).as("output, %d channels", channels).isEqualTo(yScalar);
        }
    }

    private static float[] integers(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextInt(19) - 9;
        }
        return x;
    }

    private static double[][] times(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                for (int k = 0; k < b.length; k++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    private static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }
}
