package dev.keras2j.runtime.kernel;

import dev.keras2j.testing.RestoresKernelThreads;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The blocked, packed, parallel Gemm against a naive triple loop in double precision, on both paths (the
 * build's test JVMs resolve the Vector API module), and the one summation order: both paths bit-identical,
 * whatever the thread count and batch.
 */
@ExtendWith(RestoresKernelThreads.class)
class GemmTest {
    @ParameterizedTest(name = "m={0} k={1} n={2} threads={3}")
    @CsvSource({
        "1,1,1,1", "1,7,3,2", "3,5,1,2", "5,3,17,1", "7,130,9,2", "13,257,515,1", "13,257,515,2",
        "64,64,64,2", "1,300,1100,2", "2,1000,33,2", "33,129,1030,2", "100,1,100,2", "9,515,3,2", "130,131,132,3",
        "12,256,8,1", "24,513,2049,2", "121,257,17,2", "32,256,1024,2", "250,300,70,2", "4,33,9,2"})
    void matchesNaiveProduct(int m, int k, int n, int threads) {
        Parallelism.setThreads(threads);
        float[] plain = checkAgainstNaive(m, k, n, Gemm::plainMultiplyAdd);
        float[] vector = checkAgainstNaive(m, k, n, Gemm::vectorMultiplyAdd);
        assertThat(vector).containsExactly(plain);
        assertThat(checkAgainstNaive(m, k, n, Gemm::multiplyAdd)).containsExactly(plain);
    }

    /** {@link Gemm#multiplyAdd}'s signature, to run either path. */
    private interface Product {
        void multiplyAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n);
    }

    private static float[] checkAgainstNaive(int m, int k, int n, Product product) {
        Random r = new Random(31L * m + 7L * k + n);
        int aOff = 3;
        int bOff = 5;
        int cOff = 2;
        float[] a = random(r, aOff + m * k);
        float[] b = random(r, bOff + k * n);
        float[] c = random(r, cOff + m * n + 4);
        float[] expected = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = c[cOff + i * n + j];
                for (int p = 0; p < k; p++) {
                    s += (double) a[aOff + i * k + p] * b[bOff + p * n + j];
                }
                expected[cOff + i * n + j] = (float) s;
            }
        }
        product.multiplyAdd(a, aOff, b, bOff, c, cOff, m, k, n);
        for (int i = 0; i < c.length; i++) {
            float tol = 1e-5f * (float) Math.sqrt(k) * 4 + 1e-4f * Math.abs(expected[i]);
            assertThat(c[i]).as("element %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(tol));
        }
        return c;
    }

    @ParameterizedTest(name = "prepared m={0} k={1} n={2} threads={3}")
    @CsvSource({"1,1,1,1", "1,256,1024,2", "3,300,100,2", "2,600,300,2", "3,7,5,2", "32,130,515,2", "9,300,17,1", "32,256,1024,2", "13,20,4100,2",
        "32,600,24,2", "100,300,40,2", "70,257,9,1", "2,1100,1000,1"})
    void preparedMatrixGivesTheSameSumsOnBothPaths(int m, int k, int n, int threads) {
        Parallelism.setThreads(threads);
        Random r = new Random(m * 1000L + k + n);
        float[] a = random(r, m * k);
        float[] b = random(r, k * n);
        float[] bias = random(r, n);
        float[] flat = Gemm.multiply(a, b, bias, m, k, n);
        PreparedMatrix prepared = PreparedMatrix.of(b, k, n);
        assertThat(Gemm.multiply(a, prepared, bias, m)).containsExactly(flat);
        float[] plainFlat = tile(bias, m);
        Gemm.plainMultiplyAdd(a, 0, b, 0, plainFlat, 0, m, k, n);
        assertThat(flat).containsExactly(plainFlat);
        float[] plainPrepared = tile(bias, m);
        Gemm.plainMultiplyAdd(a, 0, prepared, plainPrepared, 0, m);
        assertThat(plainPrepared).containsExactly(plainFlat);
        float[] vectorPrepared = tile(bias, m);
        Gemm.vectorMultiplyAdd(a, 0, prepared, vectorPrepared, 0, m);
        assertThat(vectorPrepared).containsExactly(plainFlat);
    }

    @ParameterizedTest(name = "overwriting m={0} k={1} n={2} threads={3}")
    @CsvSource({"1,40,30,1", "3,300,100,2", "13,32,9,1", "13,32,9,2", "24,600,40,2", "120,64,64,2", "250,32,33,1"})
    void overwritingProductGivesTheBitsOfAddingToZerosAndIgnoresWhatWasThere(int m, int k, int n, int threads) {
        Parallelism.setThreads(threads);
        Random r = new Random(m * 7L + k * 31L + n);
        float[] a = random(r, m * k);
        float[] b = random(r, k * n);
        // Element (0, 0) sums products that underflow to -0.0, so its sum is -0.0: added to the zeros it must
        // become +0.0, and so it must when the product overwrites.
        for (int p = 0; p < k; p++) {
            a[p] = -1e-25f;
            b[p * n] = 1e-25f;
        }
        PreparedMatrix prepared = PreparedMatrix.of(b, k, n);
        float[] expected = new float[m * n + 4];
        Gemm.plainMultiplyAdd(a, 0, b, 0, expected, 2, m, k, n);
        assertThat(Float.floatToRawIntBits(expected[2])).as("+0.0").isZero();
        float[] vector = new float[m * n + 4];
        float[] chosen = new float[m * n + 4];
        java.util.Arrays.fill(vector, 2, 2 + m * n, Float.NaN);
        java.util.Arrays.fill(chosen, 2, 2 + m * n, 7f);
        Gemm.vectorProduct(a, 0, prepared, vector, 2, m, true);
        // Below four rows (and before the warm-up) this is the portable path's overwrite.
        Gemm.multiply(a, 0, prepared, chosen, 2, m);
        assertThat(vector).containsExactly(expected);
        assertThat(chosen).containsExactly(expected);
    }

    @Test
    void preparedColumnsAreThatSliceOfTheMatrix() {
        Random r = new Random(3);
        int k = 40;
        float[] b = random(r, k * 30);
        float[] a = random(r, 5 * k);
        float[] slice = new float[k * 12];
        for (int p = 0; p < k; p++) {
            System.arraycopy(b, p * 30 + 10, slice, p * 12, 12);
        }
        PreparedMatrix cols = PreparedMatrix.columns(b, k, 30, 10, 12);
        assertThat(cols.rowCount()).isEqualTo(k);
        assertThat(cols.columnCount()).isEqualTo(12);
        assertThat(Gemm.multiply(a, cols, null, 5)).containsExactly(Gemm.multiply(a, slice, null, 5, k, 12));
    }

    @Test
    void testJvmResolvesTheVectorApiSoTheVectorPathIsTested() {
        assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
        assertThat(VectorSupport.available()).isTrue();
    }

    @Test
    void warmUpEnablesTheVectorPath() throws InterruptedException {
        // Not a speed goal: the warm-up must end by switching Gemm over, which a broken race never would.
        for (int i = 0; i < 600 && !VectorSupport.ready(); i++) {
            Thread.sleep(100);
        }
        assertThat(VectorSupport.ready()).isTrue();
    }

    @ParameterizedTest(name = "signed zeros and specials m={0} n={1}")
    @CsvSource({"12,8", "13,9", "1,5", "30,17"})
    void bothPathsAgreeOnSignedZerosInfinitiesAndNaN(int m, int n) {
        int k = 300;
        float[] specials = {0f, -0f, 1f, -1f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1e-40f};
        Random r = new Random(m * 31L + n);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextInt(4) == 0 ? specials[r.nextInt(specials.length)] : (r.nextBoolean() ? -0f : 0f);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextInt(4) == 0 ? specials[r.nextInt(specials.length)] : (r.nextBoolean() ? -0f : 0f);
        }
        float[] c0 = new float[m * n];
        for (int i = 0; i < c0.length; i++) {
            c0[i] = r.nextBoolean() ? -0f : 0f;
        }
        float[] plain = c0.clone();
        Gemm.plainMultiplyAdd(a, 0, b, 0, plain, 0, m, k, n);
        float[] vector = c0.clone();
        Gemm.vectorMultiplyAdd(a, 0, b, 0, vector, 0, m, k, n);
        for (int i = 0; i < plain.length; i++) {
            assertThat(Float.floatToRawIntBits(vector[i]) == Float.floatToRawIntBits(plain[i])
                    || Float.isNaN(vector[i]) && Float.isNaN(plain[i])).as("element %d: %s vs %s", i, vector[i], plain[i]).isTrue();
        }
    }

    private static float[] tile(float[] row, int times) {
        float[] x = new float[row.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(row, 0, x, i * row.length, row.length);
        }
        return x;
    }

    @Test
    void resultDoesNotDependOnThreadCount() {
        Random r = new Random(5);
        int m = 67;
        int k = 300;
        int n = 700;
        float[] a = random(r, m * k);
        float[] b = random(r, k * n);
        Parallelism.setThreads(1);
        float[] one = Gemm.multiply(a, b, null, m, k, n);
        Parallelism.setThreads(2);
        assertThat(Gemm.multiply(a, b, null, m, k, n)).containsExactly(one);
        // A batch of 32 is split by columns on two threads, by rows on more.
        float[] wide = random(r, 32 * k);
        Parallelism.setThreads(1);
        float[] wideOne = Gemm.multiply(wide, b, null, 32, k, n);
        Parallelism.setThreads(2);
        assertThat(Gemm.multiply(wide, b, null, 32, k, n)).containsExactly(wideOne);
        Parallelism.setThreads(3);
        assertThat(Gemm.multiply(wide, b, null, 32, k, n)).containsExactly(wideOne);
        // The vector path's row split shares each packed block of b between the threads.
        for (int threads : new int[] {1, 2, 3}) {
            Parallelism.setThreads(threads);
            float[] v = new float[m * n];
            Gemm.vectorMultiplyAdd(a, 0, b, 0, v, 0, m, k, n);
            assertThat(v).as("%d threads", threads).containsExactly(one);
        }
    }

    @Test
    void aRowGetsTheSameResultWhateverTheBatchAndPath() {
        Random r = new Random(6);
        int k = 600;
        int n = 700;
        float[] a = random(r, 67 * k);
        float[] b = random(r, k * n);
        float[] all = new float[67 * n];
        Gemm.vectorMultiplyAdd(a, 0, b, 0, all, 0, 67, k, n);
        float[] first = new float[n];
        Gemm.plainMultiplyAdd(a, 0, b, 0, first, 0, 1, k, n);
        assertThat(first).containsExactly(java.util.Arrays.copyOf(all, n));
        float[] plainAll = new float[67 * n];
        Gemm.plainMultiplyAdd(a, 0, b, 0, plainAll, 0, 67, k, n);
        assertThat(plainAll).containsExactly(all);
    }

    @Test
    void manyCallersAtOnceGetTheirOwnResults() throws Exception {
        Parallelism.setThreads(2);
        Random r = new Random(9);
        int m = 40;
        int k = 200;
        int n = 300;
        float[] b = random(r, k * n);
        List<float[]> inputs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            float[] a = random(r, m * k);
            inputs.add(a);
            expected.add(Gemm.multiply(a, b, null, m, k, n));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int rep = 0; rep < 5; rep++) {
                for (float[] a : inputs) {
                    results.add(pool.submit(() -> Gemm.multiply(a, b, null, m, k, n)));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).containsExactly(expected.get(i % inputs.size()));
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void productsNestedInParallelRangesGetTheirOwnResults() {
        // As a convolution shares examples between the threads: each range runs its own products, which split
        // again (by rows for many rows, by columns for few) while the other threads do the same.
        Parallelism.setThreads(2);
        Random r = new Random(11);
        int[][] shapes = {{300, 150, 40}, {16, 200, 600}, {260, 70, 9}, {20, 300, 300}};
        int count = 16;
        List<float[]> as = new ArrayList<>();
        List<float[]> bs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] sh = shapes[i % shapes.length];
            float[] a = random(r, sh[0] * sh[1]);
            float[] b = random(r, sh[1] * sh[2]);
            float[] c = new float[sh[0] * sh[2]];
            Gemm.plainMultiplyAdd(a, 0, b, 0, c, 0, sh[0], sh[1], sh[2]);
            as.add(a);
            bs.add(b);
            expected.add(c);
        }
        for (int rep = 0; rep < 5; rep++) {
            float[][] results = new float[count][];
            Parallelism.forRange(count, true, (i0, i1) -> {
                for (int i = i0; i < i1; i++) {
                    int[] sh = shapes[i % shapes.length];
                    float[] c = new float[sh[0] * sh[2]];
                    Gemm.vectorMultiplyAdd(as.get(i), 0, bs.get(i), 0, c, 0, sh[0], sh[1], sh[2]);
                    results[i] = c;
                }
            });
            for (int i = 0; i < count; i++) {
                assertThat(results[i]).as("product %d, round %d", i, rep).containsExactly(expected.get(i));
            }
        }
    }

    private static float[] random(Random r, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }
}
