package dev.keras2j.runtime.kernel;

import dev.keras2j.testing.RestoresKernelThreads;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product of an implicit patch matrix: its rows are the windows a direct loop reads, and both paths give
 * the bits of {@link Gemm#multiplyAdd} on the patch matrix built by hand, over window shapes whose channel
 * runs straddle the summation blocks of 256, partial register tiles and several row blocks.
 */
@ExtendWith(RestoresKernelThreads.class)
class ConvPatchesTest {
    @ParameterizedTest(name = "{0}x{1}x{2} channels [{3},+{4}) k{5}x{6} s{7} d{8} -> {9} filters, threads {10}")
    @CsvSource({
        "10,10,3,0,3,3,3,1,1,8,1", "12,15,32,0,32,3,3,1,1,32,2", "9,30,64,0,64,3,3,1,1,20,2",
        "11,13,6,2,3,3,3,2,1,5,1", "14,14,5,0,5,3,2,1,2,9,2", "1,40,7,0,7,1,5,1,1,16,2", "6,7,100,10,90,3,3,1,1,13,2",
        "17,19,3,0,3,5,5,1,1,40,2", "40,40,8,4,4,3,3,2,2,24,2", "3,3,300,0,300,1,1,1,1,7,1",
        "10,10,40,0,40,3,3,1,1,256,2", "5,6,70,0,70,2,2,1,1,37,2"})
    void bothPathsGiveTheBitsOfTheBuiltPatchMatrix(int h, int w, int channels, int first, int count, int kh, int kw,
                                                    int s, int d, int filters, int threads) {
        Parallelism.setThreads(threads);
        Random r = new Random(h * 131L + w * 17L + channels + kh);
        int offset = 7;
        float[] image = ProductPaths.gaussian(r, offset + h * w * channels + 3, 1);
        int outH = (h - (kh - 1) * d - 1) / s + 1;
        int outW = (w - (kw - 1) * d - 1) / s + 1;
        ConvPatches patches = new ConvPatches(image, offset, w, channels, 0, channels, kh, kw, s, s, d, d, outH, outW)
                .channels(first, count);
        int rows = patches.rows();
        int k = patches.columns();
        assertThat(rows).isEqualTo(outH * outW);
        assertThat(k).isEqualTo(kh * kw * count);

        float[] built = new float[rows * k];
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        for (int ci = 0; ci < count; ci++) {
                            int pixel = (oy * s + ky * d) * w + ox * s + kx * d;
                            built[(oy * outW + ox) * k + (ky * kw + kx) * count + ci] =
                                    image[offset + pixel * channels + first + ci];
                        }
                    }
                }
            }
        }
        float[] filled = new float[rows * k];
        patches.fill(filled);
        assertThat(filled).isEqualTo(built);

        float[] kernel = ProductPaths.gaussian(r, k * filters, 1 / Math.sqrt(k));
        float[] start = ProductPaths.gaussian(r, rows * filters + 2, 1);
        PreparedMatrix b = PreparedMatrix.of(kernel, k, filters);
        float[] expected = start.clone();
        Gemm.plainMultiplyAdd(built, 0, kernel, 0, expected, 1, rows, k, filters);
        ProductPaths.assertEveryPathGives(expected, start, c -> Gemm.vectorMultiplyAdd(patches, b, c, 1),
                c -> Gemm.plainMultiplyAdd(patches, b, c, 1), c -> Gemm.multiplyAdd(patches, b, c, 1));
    }
}
