package dev.keras2j.runtime.kernel;

import dev.keras2j.testing.RestoresKernelThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.management.ManagementFactory;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Vector API kernels, once C2 has compiled them, allocate nothing per call (or, for a product, a few
 * small objects): a vector C2 left boxed costs an allocation per call or per operation, and a slower kernel
 * (see docs/architecture.md). Each kernel is called until a round of calls allocates under its bound, for
 * at most {@link #LIMIT_NANOS}: compiled properly, that takes a second or two; left boxed, it never happens.
 * Before the kernels were restructured, the products allocated 4.6 KB per call here and the tile
 * transforms 49 KB. The gates passed even then: they were boxed only when inlined into a large caller, which
 * this test cannot reproduce; it guards their loops compiled on their own, or, in a JVM where the warm-up race
 * found them boxed anyway ({@code WarmUpTally}), the scalar loops {@link FloatGates} then keeps.
 */
@ExtendWith(RestoresKernelThreads.class)
class VectorCompilationTest {
    private static final long LIMIT_NANOS = 30_000_000_000L;
    private static final int CALLS_PER_ROUND = 2_000;
    /**
     * Bytes per call that count as nothing: the measurement itself allocates a little per round (under a byte
     * per call here), one boxed vector is 48 bytes and a call of these runs dozens of vector operations.
     */
    private static final double NOTHING = 8;

    private static long allocatedHere() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** The fewest bytes per call over rounds of calls, until one round stays under {@code bound}. */
    private static double settledBytesPerCall(Runnable call, double bound) {
        assertThat(VectorSupport.available()).as("the test JVMs resolve the Vector API module").isTrue();
        long deadline = System.nanoTime() + LIMIT_NANOS;
        while (!VectorSupport.settled() && System.nanoTime() < deadline) {
            call.run();
        }
        assertThat(VectorSupport.ready()).isTrue();
        double best = Double.MAX_VALUE;
        while (best >= bound && System.nanoTime() < deadline) {
            long a0 = allocatedHere();
            for (int i = 0; i < CALLS_PER_ROUND; i++) {
                call.run();
            }
            best = Math.min(best, (allocatedHere() - a0) / (double) CALLS_PER_ROUND);
        }
        return best;
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat() - 0.5f;
        }
        return a;
    }

    @Test
    void winogradTileTransformsAllocateNothing() {
        int channels = 32;
        int tiles = 24;
        float[] image = random(6 * 6 * channels, 1);
        float[] v = new float[16 * tiles * channels];
        float[] bias = random(channels, 2);
        float[] out = new float[4 * channels];
        double bytes = settledBytesPerCall(() -> {
            for (int t = 0; t < tiles; t++) {
                WinogradTiles.input(image, (t % 2) * 2 * channels, 6 * channels, channels, v, t * channels, tiles * channels);
            }
            WinogradTiles.output(v, 0, tiles * channels, channels, bias, out, 0, 2 * channels);
        }, NOTHING);
        assertThat(bytes).isLessThan(NOTHING);
    }

    @Test
    void gateActivationsAllocateNothing() {
        float[] x = random(256, 3);
        float[] y = new float[x.length];
        double bytes = settledBytesPerCall(() -> {
            System.arraycopy(x, 0, y, 0, x.length);
            FloatGates.sigmoid(y, 0, 128);
            FloatGates.tanh(y, 128, 256);
            FloatGates.relu(y, 0, 256);
        }, NOTHING);
        assertThat(bytes).isLessThan(NOTHING);
    }

    /** Panels of 12, 8 and 4 rows, adding and overwriting: a few small objects per call, no vectors. */
    @Test
    void productsAllocateOnlyTheirBookkeeping() {
        Parallelism.setThreads(1);
        int m = 24 + 8 + 4;
        int k = 64;
        int n = 32;
        float[] a = random(m * k, 4);
        PreparedMatrix b = PreparedMatrix.of(random(k * n, 5), k, n);
        float[] c = new float[m * n];
        // Each of the 4 × 4 register tiles would box at least one 32-byte vector if a write-back were left boxed.
        double bytes = settledBytesPerCall(() -> {
            Gemm.multiplyAdd(a, 0, b, c, 0, m);
            Gemm.multiply(a, 0, b, c, 0, m);
        }, 256);
        assertThat(bytes).isLessThan(256);
    }
}
