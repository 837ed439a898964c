package dev.keras2j.runtime.kernel;

import java.util.Random;

/**
 * Whether {@link Gemm} may use its Vector API path. Java 17 ships the Vector API as the incubator module
 * {@code jdk.incubator.vector}, which a JVM resolves only when started with
 * {@code --add-modules jdk.incubator.vector} (the {@code bin/keras2j} launcher does). Without it, with
 * {@code -Dkeras2j.vector=false}, or where the CPU has no 8-lane float vectors or no fused multiply-add, the
 * portable kernels run.
 * Both paths give bit-identical results (see {@link Gemm}), so which one runs changes only the speed.
 *
 * <p>Until C2 has compiled it, Vector API code runs as ordinary Java objects, hundreds of times slower than
 * the portable loops. So the vector path is not used at once: a daemon thread multiplies small matrices
 * on both paths until the vector one is consistently the faster and the other vector kernels, run alongside,
 * no longer allocate (typically within three to six seconds), and only then does {@link #ready()} turn true.
 * The gate loops are judged apart and may stay scalar ({@link #gatesReady()}, {@link WarmUpTally}). Short runs
 * never pay for the warm-up; long ones switch to the faster kernels without changing a single output bit.
 *
 * <p>This class names no Vector API type, so it loads on any JVM; {@link VectorGemm} is touched only after
 * the module was found.
 */
public final class VectorSupport {
    private static final boolean AVAILABLE = detect();
    private static volatile boolean ready;
    private static volatile boolean gatesReady;
    private static volatile boolean settled = !AVAILABLE;

    static {
        if (AVAILABLE) {
            Thread t = new Thread(() -> {
                try {
                    warmUp();
                } finally {
                    // Whatever ends the race (even an error: the portable path then stays), the choice is final.
                    settled = true;
                }
            }, "keras2j-vector-warm-up");
            t.setDaemon(true);
            t.start();
        }
    }

    private VectorSupport() {
    }

    /** Whether this JVM can run the Vector API path at all (module resolved, wide vectors, not disabled). */
    public static boolean available() {
        return AVAILABLE;
    }

    /** Whether {@link Gemm} runs large products on the Vector API path now: available and warmed up. */
    public static boolean ready() {
        return ready;
    }

    /**
     * Whether {@link FloatGates} runs its sigmoid, tanh and ReLU loops on the Vector API path now: {@link #ready()}
     * and its gate loops seen compiled without boxes ({@link WarmUpTally}).
     */
    public static boolean gatesReady() {
        return gatesReady;
    }

    /**
     * Whether the choice of path is final: the warm-up has ended (the vector path switched on, or the race
     * gave up), or there is no vector path. A benchmark of the steady state waits for this.
     */
    public static boolean settled() {
        return settled;
    }

    private static boolean detect() {
        if (!Boolean.parseBoolean(System.getProperty("keras2j.vector", "true"))) {
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty() || !Gemm.FUSED) {
            return false;
        }
        try {
            return VectorGemm.nativeWidth();
        } catch (LinkageError e) {
            return false;
        }
    }

    /**
     * Races the two paths on a product small enough to stay on this thread (row panels of 12, 8 and 4 rows, a
     * partial column panel, two k blocks), with the other vector kernels riding along, round after round until
     * {@link WarmUpTally} says it is over: the vector path winning and the kernels compiled without boxes.
     * Every register kernel runs in each round, so that C2 compiles each early: the 4-row one, which a model may
     * call only for the last rows of a product, was seen still compiled by C1 seconds into a run.
     */
    private static void warmUp() {
        int m = 12 + 12 + 8 + 4;
        int k = 300;
        int n = 12;
        Random r = new Random(1);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextFloat();
        }
        float[] c = new float[m * n];
        PreparedMatrix prepared = PreparedMatrix.of(b, k, n);
        // The convolutions' packing loops, the gate activations and the pooling steps ride along, so that they
        // too are compiled before first used.
        ConvPatches patches = new ConvPatches(a, 0, 10, 3, 0, 3, 3, 3, 1, 1, 1, 1, 8, 8);
        PreparedMatrix convKernel = PreparedMatrix.of(java.util.Arrays.copyOf(b, 27 * 8), 27, 8);
        float[] convOut = new float[patches.rows() * 8];
        PreparedMatrix convKernelT = PreparedMatrix.of(java.util.Arrays.copyOf(b, 8 * 27), 8, 27);
        ShiftedRows planes = new ShiftedRows(a, new int[] {0, 1, 2, 100, 101, 102, 200, 201, 202}, 3, 1000, 61);
        float[] planesOut = new float[8 * planes.columns()];
        float[] gates = java.util.Arrays.copyOf(a, 1024);
        float[] tiles = new float[16 * 8];
        WarmUpTally tally = new WarmUpTally(System.nanoTime());
        AllocationCounter counter = AllocationCounter.ofThisThread();
        while (!tally.finished()) {
            long t0 = System.nanoTime();
            VectorGemm.multiplyAdd(a, 0, b, 0, c, 0, 0, m, k, n, 0, n, false);
            long t1 = System.nanoTime();
            Gemm.plainMultiplyAdd(a, 0, b, 0, c, 0, m, k, n);
            long t2 = System.nanoTime();
            long allocated = counter.bytes();
            // The overwriting product too: a branch C2 never saw taken would be compiled as a trap, and the
            // first Winograd layer would then run the kernel interpreted until it was compiled again.
            VectorGemm.multiplyPacked(a, 0, prepared.panels(), c, 0, 0, m, k, n, 0, n, false, true);
            VectorGemm.multiplyAddPatches(patches, convKernel.panels(), convOut, 0, 0, patches.rows(), 27, 8, 0, 8, false);
            VectorGemm.multiplyAddShifted(convKernelT.rowPanels(), 8, 27, planes, planesOut, 0, 0, planes.columns());
            VectorWinogradTiles.input(a, 0, 32, 8, tiles, 0, 8);
            VectorWinogradTiles.output(tiles, 0, 8, 8, b, c, 0, 16);
            VectorWindowReduce.max(tiles, 0, a, 0, 16);
            VectorWindowReduce.add(tiles, 0, a, 0, 16);
            long rest = counter.bytes() - allocated;
            FloatGates.Vectors.SIGMOID.run(gates, 0, gates.length);
            FloatGates.Vectors.TANH.run(gates, 0, gates.length);
            FloatGates.Vectors.RELU.run(gates, 0, gates.length);
            long gatesBytes = counter.bytes() - allocated - rest;
            tally.round(System.nanoTime(), t1 - t0 < t2 - t1, rest, gatesBytes);
        }
        // ready first: gatesReady() promises ready() too.
        ready = tally.vectorReady();
        gatesReady = tally.gatesReady();
    }

    /**
     * The heap a thread has allocated, where the JVM counts it ({@code com.sun.management}, module
     * {@code jdk.management}); elsewhere always 0, so that every round counts as quiet.
     */
    private interface AllocationCounter {
        long bytes();

        static AllocationCounter ofThisThread() {
            try {
                return ThreadAllocation.counter();
            } catch (LinkageError e) {
                return () -> 0;
            }
        }
    }

    /** Names the {@code jdk.management} types, so that only {@link AllocationCounter#ofThisThread} can fail to link them. */
    private static final class ThreadAllocation {
        static AllocationCounter counter() {
            if (java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                    && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
                return t::getCurrentThreadAllocatedBytes;
            }
            return () -> 0;
        }
    }
}
