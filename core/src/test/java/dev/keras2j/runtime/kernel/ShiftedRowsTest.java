package dev.keras2j.runtime.kernel;

import dev.keras2j.testing.RestoresKernelThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A prepared matrix times rows read in place: both paths give the bits of {@link Gemm#multiplyAdd} on the
 * rows copied out by hand, over runs that straddle the summation blocks of 256, partial register tiles
 * (rows of {@code a} not a multiple of 12, columns not a multiple of 8) and thread splits.
 */
@ExtendWith(RestoresKernelThreads.class)
class ShiftedRowsTest {
    @ParameterizedTest(name = "m={0} runs={1}x{2} stride {3} columns {4} threads {5}")
    @CsvSource({"32,9,32,4400,4158,2", "12,9,3,100,93,1", "5,4,70,300,250,2", "64,1,300,50,37,2", "13,25,11,700,613,1",
        "1,2,2,20,7,1", "100,3,90,64,64,2"})
    void bothPathsGiveTheBitsOfTheRowsCopiedOut(int m, int runs, int run, int stride, int columns, int threads) {
        Parallelism.setThreads(threads);
        Random r = new Random(m * 1009L + runs * 31L + run);
        int k = runs * run;
        int[] starts = new int[runs];
        for (int s = 0; s < runs; s++) {
            starts[s] = 3 + r.nextInt(50);
        }
        float[] image = ProductPaths.gaussian(r, 60 + (run - 1) * stride + columns + ShiftedRows.SLACK, 1);
        ShiftedRows b = new ShiftedRows(image, starts, run, stride, columns);
        assertThat(b.rows()).isEqualTo(k);
        float[] copied = new float[k * columns];
        for (int s = 0; s < runs; s++) {
            for (int i = 0; i < run; i++) {
                System.arraycopy(image, starts[s] + i * stride, copied, (s * run + i) * columns, columns);
            }
        }
        float[] filled = new float[k * columns];
        b.fill(filled);
        assertThat(filled).isEqualTo(copied);

        float[] a = ProductPaths.gaussian(r, m * k, 1 / Math.sqrt(k));
        float[] start = ProductPaths.gaussian(r, m * columns + 3, 1);
        float[] expected = start.clone();
        Gemm.plainMultiplyAdd(a, 0, copied, 0, expected, 2, m, k, columns);
        PreparedMatrix prepared = PreparedMatrix.of(a, m, k);
        ProductPaths.assertEveryPathGives(expected, start, c -> Gemm.vectorMultiplyAdd(prepared, b, c, 2),
                c -> Gemm.plainMultiplyAdd(prepared, b, c, 2), c -> Gemm.multiplyAdd(prepared, b, c, 2));
    }

    @Test
    void aRunReachingPastTheImageIsRefused() {
        // The last run's second row starts at 60: 40 values and the slack fit, 41 do not.
        float[] image = new float[100 + ShiftedRows.SLACK];
        int size = image.length;
        assertThatThrownBy(() -> new ShiftedRows(image, new int[] {0, 50}, 2, 10, 41))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside an image of " + size);
        assertThat(new ShiftedRows(image, new int[] {0, 50}, 2, 10, 40).rows()).isEqualTo(4);
    }
}
