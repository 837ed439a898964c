package dev.keras2j.bench;

import com.sun.management.ThreadMXBean;
import dev.keras2j.KerasModel;
import dev.keras2j.model.NdArray;
import dev.keras2j.runtime.kernel.Parallelism;
import dev.keras2j.runtime.kernel.VectorSupport;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * One model predicting in a loop, for before/after comparisons of the runtime's classes: put another build's
 * {@code core/target/classes} first on the class path to run it instead. Prints the median latency and the
 * heap every thread allocated per prediction, after a warm-up that waits for the Vector API path to settle,
 * how long after start (the model's load included) the path settled, and whether the gate loops run on vectors.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp [OTHER_CORE_CLASSES:]bench/target/classes:$(cat bench/target/classpath.txt) \
 *     dev.keras2j.bench.PredictLoop MODEL BATCH THREADS SECONDS</pre>
 *
 * Uses only API that every build since the Vector API path has had, so an older build runs under it too.
 */
public final class PredictLoop {
    private PredictLoop() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: PredictLoop MODEL BATCH THREADS SECONDS");
            System.exit(2);
        }
        long started = System.nanoTime();
        KerasModel model = KerasModel.load(Path.of(args[0]));
        int batch = Integer.parseInt(args[1]);
        Parallelism.setThreads(Integer.parseInt(args[2]));
        long box = (long) (Double.parseDouble(args[3]) * 1e9);
        int[] in = model.inputShape().dims();
        int[] shape = new int[in.length + 1];
        shape[0] = batch;
        System.arraycopy(in, 0, shape, 1, in.length);
        float[] x = new float[(int) NdArray.elementCount(shape)];
        Random r = new Random(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        NdArray input = NdArray.of(x, shape);
        long warm = System.nanoTime() + box / 2;
        long settled = -1;
        while (System.nanoTime() < warm || settled < 0) {
            model.predict(input);
            if (settled < 0 && VectorSupport.settled()) {
                settled = System.nanoTime() - started;
            }
        }
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long alloc0 = allocated(threads);
        List<Long> times = new ArrayList<>();
        long end = System.nanoTime() + box;
        while (System.nanoTime() < end || times.size() < 5) {
            long t0 = System.nanoTime();
            model.predict(input);
            times.add(System.nanoTime() - t0);
        }
        long alloc1 = allocated(threads);
        Collections.sort(times);
        System.out.printf("%s batch %d threads %s: median %.3f ms, p10 %.3f, p90 %.3f, %.3f MB allocated per prediction"
                        + " (%d), vector path settled %.1f s after start%s%n",
                Path.of(args[0]).getFileName(), batch, args[2], times.get(times.size() / 2) / 1e6,
                times.get(times.size() / 10) / 1e6, times.get(times.size() * 9 / 10) / 1e6,
                (alloc1 - alloc0) / 1e6 / times.size(), times.size(), settled / 1e9, gates());
    }

    /**
     * Whether the gate loops run on vectors; asked reflectively, since builds before {@code gatesReady()} have
     * no such method and must still run under this class.
     */
    private static String gates() {
        try {
            boolean vectors = (boolean) VectorSupport.class.getMethod("gatesReady").invoke(null);
            return vectors ? ", gates on vectors" : ", gates scalar";
        } catch (ReflectiveOperationException e) {
            return "";
        }
    }

    /** Bytes allocated so far by the live threads (the kernel helpers live through the loop). */
    private static long allocated(ThreadMXBean threads) {
        long sum = 0;
        for (long b : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, b);
        }
        return sum;
    }
}
