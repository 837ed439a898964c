package dev.keras2j.bench;

import dev.keras2j.runtime.kernel.Gemm;
import dev.keras2j.runtime.kernel.Parallelism;
import dev.keras2j.runtime.kernel.VectorSupport;

import java.util.Random;

/**
 * Best-of GFLOP/s of keras2j's Gemm on n×n products, in the JSON shape of {@code bench/openblas_peak.py}, to
 * set beside OpenBLAS on the same machine. Best-of rather than JMH's mean because the machines are shared:
 * the fastest repetition is the one least disturbed by other load. It starts once the Vector API path has
 * settled ({@link VectorSupport#settled()}).
 *
 * <p>Run: {@code java -cp bench/target/classes:$(cat bench/target/classpath.txt) dev.keras2j.bench.GemmPeak 2048}
 */
public final class GemmPeak {
    private GemmPeak() {
    }

    public static void main(String[] args) throws InterruptedException {
        // The Vector API path's warm-up race takes a core for its first seconds and the product runs on the
        // portable path until it ends; a best-of taken meanwhile measured 58 % of OpenBLAS on one thread where
        // the settled path reaches 70-80 %.
        long limit = System.nanoTime() + 60_000_000_000L;
        while (!VectorSupport.settled() && System.nanoTime() < limit) {
            Thread.sleep(50);
        }
        if (!VectorSupport.settled()) {
            System.err.println("GemmPeak: the Vector API path had not settled after 60 s; timing it anyway");
        }
        int[] sizes = args.length == 0 ? new int[] {2048} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        // The path and width measured: a race that gave up leaves the portable path.
        StringBuilder json = new StringBuilder("{\"engine\": \"keras2j-gemm\", \"vector_bits\": "
                + VectorSupport.vectorBits() + ", \"vector_ready\": " + VectorSupport.ready() + ", \"results\": [");
        boolean first = true;
        for (int n : sizes) {
            for (int threads : new int[] {Runtime.getRuntime().availableProcessors(), 1}) {
                Parallelism.setThreads(threads);
                double gflops = best(n, 8.0);
                json.append(first ? "" : ", ").append(String.format(java.util.Locale.ROOT,
                        "{\"n\": %d, \"threads\": %d, \"gflops\": %.2f}", n, threads, gflops));
                first = false;
            }
        }
        System.out.println(json.append("]}"));
    }

    private static double best(int n, double seconds) {
        Random r = new Random(1);
        float[] a = GemmBenchmark.random(r, n * n);
        float[] b = GemmBenchmark.random(r, n * n);
        float[] c = new float[n * n];
        double best = Double.MAX_VALUE;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int reps = 0;
        while (reps < 3 || System.nanoTime() < end) {
            long t0 = System.nanoTime();
            Gemm.multiplyAdd(a, 0, b, 0, c, 0, n, n, n);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            reps++;
        }
        return 2.0 * n * n * n / best / 1e9;
    }
}
