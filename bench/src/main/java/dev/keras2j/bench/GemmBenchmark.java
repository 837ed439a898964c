package dev.keras2j.bench;

import dev.keras2j.runtime.kernel.Gemm;
import dev.keras2j.runtime.kernel.Parallelism;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Square single-precision matrix multiply {@code c += a·b}. GFLOP/s = 2·n³ / (time per op). Compare with
 * {@code bench/openblas_peak.py} at the same n.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GemmBenchmark {
    @Param({"256", "1024", "2048"})
    int n;

    @Param({"1", "2"})
    int threads;

    float[] a;
    float[] b;
    float[] c;

    @Setup(Level.Trial)
    public void setUp() {
        Parallelism.setThreads(threads);
        Random r = new Random(1);
        a = random(r, n * n);
        b = random(r, n * n);
        c = new float[n * n];
    }

    static float[] random(Random r, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    static dev.keras2j.model.NdArray randomArray(Random r, int[] shape, float scale) {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        float[] x = random(r, size);
        for (int i = 0; i < size; i++) {
            x[i] *= scale;
        }
        return dev.keras2j.model.NdArray.of(x, shape);
    }

    @Benchmark
    public float[] multiplyAdd() {
        Gemm.multiplyAdd(a, 0, b, 0, c, 0, n, n, n);
        return c;
    }
}
