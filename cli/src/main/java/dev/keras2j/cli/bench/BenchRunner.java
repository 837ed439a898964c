package dev.keras2j.cli.bench;

import com.sun.management.ThreadMXBean;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures one engine on one model: load time, first prediction, steady-state latency per batch size,
 * throughput and the heap the load needs.
 *
 * <p>Heap: before the load the heap is collected and its used size taken as the baseline; during the load a
 * daemon thread samples {@link MemoryMXBean#getHeapMemoryUsage()} every millisecond, and
 * {@code load_peak_heap_mb} is the highest sample minus the baseline (uncollected garbage counts, so it is
 * an upper estimate of the live peak). {@code load_alloc_mb} is the exact number of bytes the loading thread
 * allocated ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}), which bounds the live peak
 * from above regardless of when the collector runs (allocations by other threads, e.g. a native library's
 * own pools or off-heap buffers, are not counted).
 *
 * <p>{@code predict_alloc_mb} is the heap the JVM's threads allocated per timed call, on average (off-heap
 * memory, such as ND4J's for the DL4J engines, is not counted). In keras2j's steady state that is the layers'
 * values and little else; much more means boxed vectors, i.e. Vector API code that C2 did not compile into
 * vector instructions (see {@code OutOfLine}).
 */
public final class BenchRunner {
    private final double secondsPerBatch;
    private final int loads;
    /** The longest wait for an engine to settle (keras2j's warm-up gives up after 30 s). */
    private static final long SETTLE_LIMIT_NANOS = 40_000_000_000L;

    /**
     * @param secondsPerBatch time box of the latency measurement of one batch size (after warm-up)
     * @param loads           how many times the model is loaded (the first one is the cold load)
     */
    public BenchRunner(double secondsPerBatch, int loads) {
        this.secondsPerBatch = secondsPerBatch;
        this.loads = loads;
    }

    /** Runs every measurement; an engine that cannot run the model gives one {@code {"engine","error"}}. */
    public List<Map<String, Object>> run(BenchEngine engine, ModelFiles model, int[] batches) {
        List<Map<String, Object>> results = new ArrayList<>();
        try {
            engine.prepare(model);
            LoadStats load = measureLoad(engine, model);
            BenchEngine.Loaded m = load.model;
            Random rnd = new Random(42);
            boolean first = true;
            for (int batch : batches) {
                int perExample = 1;
                for (int d : m.inputShape()) {
                    perExample = Math.multiplyExact(perExample, d);
                }
                float[] data = new float[Math.multiplyExact(perExample, batch)];
                for (int i = 0; i < data.length; i++) {
                    data[i] = (float) rnd.nextGaussian();
                }
                Object x = m.prepare(data, batch);
                Double firstMs = null;
                if (first) {
                    long t0 = System.nanoTime();
                    m.predict(x);
                    firstMs = ms(System.nanoTime() - t0);
                    first = false;
                }
                Timing timing = latencies(m, x);
                double[] lat = timing.latenciesMs();
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("engine", engine.name());
                r.put("batch", batch);
                r.put("load_ms", round(load.medianMs));
                r.put("load_cold_ms", round(load.coldMs));
                r.put("file_read_ms", round(load.fileReadMs));
                r.put("first_predict_ms", firstMs == null ? null : round(firstMs));
                double median = percentile(lat, 0.5);
                r.put("latency_ms_median", round(median));
                r.put("latency_ms_p90", round(percentile(lat, 0.9)));
                r.put("throughput_per_s", round(batch * 1000.0 / median));
                r.put("repetitions", lat.length);
                r.put("load_peak_heap_mb", round(load.peakHeapMb));
                r.put("load_alloc_mb", load.allocMb < 0 ? null : round(load.allocMb));
                r.put("predict_alloc_mb", timing.allocMbPerCall() < 0 ? null : round(timing.allocMbPerCall()));
                r.putAll(m.state());
                results.add(r);
            }
        } catch (Throwable e) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("engine", engine.name());
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            r.put("error", msg.lines().findFirst().orElse(msg));
            results.add(r);
        }
        return results;
    }

    private static final class LoadStats {
        BenchEngine.Loaded model;
        double coldMs;
        double medianMs;
        double peakHeapMb;
        double allocMb = -1;
        /** Median time of {@code Files.readAllBytes} of the model files: the floor a load is compared with. */
        double fileReadMs;
    }

    private LoadStats measureLoad(BenchEngine engine, ModelFiles model) throws Exception {
        LoadStats s = new LoadStats();
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        java.lang.management.ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
        ThreadMXBean threads = tmx instanceof ThreadMXBean t && t.isThreadAllocatedMemorySupported() ? t : null;
        double[] times = new double[Math.max(1, loads)];
        for (int i = 0; i < times.length; i++) {
            s.model = null;
            System.gc();
            System.gc();
            long base = mem.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong(base);
            AtomicBoolean done = new AtomicBoolean();
            Thread sampler = new Thread(() -> {
                while (!done.get()) {
                    peak.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
            long tid = Thread.currentThread().getId();
            long alloc0 = threads == null ? 0 : threads.getThreadAllocatedBytes(tid);
            long t0 = System.nanoTime();
            s.model = engine.load(model);
            long t1 = System.nanoTime();
            long alloc1 = threads == null ? 0 : threads.getThreadAllocatedBytes(tid);
            peak.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
            done.set(true);
            sampler.join();
            times[i] = ms(t1 - t0);
            if (i == 0) {
                s.coldMs = times[0];
                s.peakHeapMb = (peak.get() - base) / 1e6;
                if (threads != null) {
                    s.allocMb = (alloc1 - alloc0) / 1e6;
                }
            }
        }
        // Later loads run JIT-compiled code: the steady-state load time; the cold one is reported apart.
        double[] warm = times.length > 1 ? Arrays.copyOfRange(times, 1, times.length) : times;
        s.medianMs = percentile(warm, 0.5);
        double[] reads = new double[times.length];
        for (int i = 0; i < reads.length; i++) {
            long t0 = System.nanoTime();
            java.nio.file.Files.readAllBytes(model.model());
            if (model.weights() != null) {
                java.nio.file.Files.readAllBytes(model.weights());
            }
            reads[i] = ms(System.nanoTime() - t0);
        }
        s.fileReadMs = percentile(reads, 0.5);
        return s;
    }

    /**
     * Runs until the engine has settled (at most {@link #SETTLE_LIMIT_NANOS}), then warms up for a third of the
     * time box (at least 3 calls), then times calls until the box is used. Without the wait, a short box
     * timed keras2j while its Vector API path was switching on and being compiled, a second or two after
     * start-up on a busy host: batch-1 CNN medians of 10 to 30 ms against 6 to 7 ms once settled.
     */
    private Timing latencies(BenchEngine.Loaded m, Object x) {
        long box = (long) (secondsPerBatch * 1e9);
        long settleEnd = System.nanoTime() + SETTLE_LIMIT_NANOS;
        while (!m.settled() && System.nanoTime() < settleEnd) {
            m.predict(x);
        }
        long warmEnd = System.nanoTime() + box / 3;
        int warm = 0;
        while (warm < 3 || System.nanoTime() < warmEnd) {
            m.predict(x);
            warm++;
        }
        List<Double> lat = new ArrayList<>();
        Map<Long, Long> alloc0 = allocatedPerThread();
        long end = System.nanoTime() + box;
        while (lat.size() < 5 || (System.nanoTime() < end && lat.size() < 100_000)) {
            long t0 = System.nanoTime();
            m.predict(x);
            lat.add(ms(System.nanoTime() - t0));
        }
        Map<Long, Long> alloc1 = allocatedPerThread();
        double perCall = -1;
        if (alloc0 != null && alloc1 != null) {
            long bytes = 0;
            for (Map.Entry<Long, Long> t : alloc1.entrySet()) {
                bytes += t.getValue() - alloc0.getOrDefault(t.getKey(), 0L);
            }
            perCall = bytes / 1e6 / lat.size();
        }
        return new Timing(lat.stream().mapToDouble(Double::doubleValue).toArray(), perCall);
    }

    /** The timed calls' latencies, and the heap allocated per call (negative when the JVM cannot tell). */
    private record Timing(double[] latenciesMs, double allocMbPerCall) {
    }

    /**
     * Bytes allocated so far by each live thread, by thread id, or null where the JVM does not count them. A
     * thread that starts during the timed calls counts in full, one that ends takes its count with it (the
     * kernel helpers live as long as the thread count does).
     */
    private static Map<Long, Long> allocatedPerThread() {
        if (!(ManagementFactory.getThreadMXBean() instanceof ThreadMXBean t) || !t.isThreadAllocatedMemorySupported()
                || !t.isThreadAllocatedMemoryEnabled()) {
            return null;
        }
        long[] ids = t.getAllThreadIds();
        long[] bytes = t.getThreadAllocatedBytes(ids);
        Map<Long, Long> byThread = new java.util.HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                byThread.put(ids[i], bytes[i]);
            }
        }
        return byThread;
    }

    static double percentile(double[] values, double q) {
        double[] v = values.clone();
        Arrays.sort(v);
        int i = (int) Math.ceil(q * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, i))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
