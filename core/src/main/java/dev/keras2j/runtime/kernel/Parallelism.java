package dev.keras2j.runtime.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * How many threads the kernels may use, and the pool they run on. Large kernels split their work into
 * independent ranges (disjoint output blocks, so results do not depend on the thread count); small ones run
 * on the calling thread because forking costs more than it saves.
 *
 * <p>The default is the number of available processors; {@link #setThreads(int)} changes it for the whole
 * JVM (e.g. {@code keras2j bench --threads 1}). Safe to use from many calling threads at once: callers that
 * are not pool threads submit their ranges to the shared pool and wait; a kernel already running inside the
 * pool splits its work further in the same pool.
 */
public final class Parallelism {
    private static volatile ForkJoinPool pool = newPool(Runtime.getRuntime().availableProcessors());
    /** Set on a thread while it runs one part of {@link #forEachPart}: its kernels then stay on it. */
    private static final ThreadLocal<boolean[]> RUNNING_PART = ThreadLocal.withInitial(() -> new boolean[1]);

    private Parallelism() {
    }

    /**
     * Sets the number of kernel threads (1 = everything on the calling thread). The old pool is not shut
     * down, so predictions already running on it finish there; its idle daemon threads end by themselves.
     */
    public static synchronized void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (threads != threads()) {
            pool = newPool(threads);
        }
    }

    /** The number of kernel threads. */
    public static int threads() {
        ForkJoinPool p = pool;
        return p == null ? 1 : p.getParallelism();
    }

    private static ForkJoinPool newPool(int threads) {
        if (threads <= 1) {
            return null;
        }
        ForkJoinPool.ForkJoinWorkerThreadFactory factory = p -> {
            var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("keras2j-kernel-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        };
        return new ForkJoinPool(threads, factory, null, false);
    }

    /** A body run on a range {@code [from, to)} of task indices. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over {@code [0, count)} split into at most {@link #threads()} contiguous ranges, or
     * on the calling thread when {@code parallel} is false, there is one thread or {@code count < 2}.
     */
    public static void forRange(int count, boolean parallel, RangeBody body) {
        forRange(count, parallel, 1, body);
    }

    /**
     * As {@link #forRange(int, boolean, RangeBody)}, cut into up to {@code partsPerThread} ranges per thread,
     * which idle threads take as they free up: on a shared machine where one core is also running something
     * else, an even split would leave the whole product waiting for the slowed thread.
     */
    public static void forRange(int count, boolean parallel, int partsPerThread, RangeBody body) {
        ForkJoinPool p = pool;
        if (!parallel || p == null || count < 2 || RUNNING_PART.get()[0]) {
            body.run(0, count);
            return;
        }
        int parts = (int) Math.min(count, (long) p.getParallelism() * partsPerThread);
        RecursiveAction task = new RecursiveAction() {
            @Override
            protected void compute() {
                ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[parts - 1];
                for (int i = 1; i < parts; i++) {
                    int from = (int) ((long) count * i / parts);
                    int to = (int) ((long) count * (i + 1) / parts);
                    tasks[i - 1] = ForkJoinTask.adapt(() -> body.run(from, to)).fork();
                }
                body.run(0, (int) ((long) count / parts));
                // Newest first: those are still on this thread's deque and run here at once, while idle threads
                // steal from the other end. Joining oldest first would park this thread on a stolen range
                // while the rest waited in its deque.
                for (int i = tasks.length - 1; i >= 0; i--) {
                    tasks[i].join();
                }
            }
        };
        if (ForkJoinTask.inForkJoinPool() && ForkJoinTask.getPool() == p) {
            task.invoke();
        } else {
            p.invoke(task);
        }
    }

    /**
     * Runs {@code part} for each index in {@code [0, parts)}, the parts shared out between the threads, and
     * everything one part calls (every {@link #forRange}) on the thread that runs it. For work made of
     * independent parts that each fill a thread, such as the examples of a large batch: the threads then
     * never wait for each other inside a part.
     */
    public static void forEachPart(int parts, java.util.function.IntConsumer part) {
        // Each part its own task, which a thread takes when it is free (see the partsPerThread of forRange).
        forRange(parts, true, parts, (from, to) -> {
            boolean[] flag = RUNNING_PART.get();
            boolean was = flag[0];
            flag[0] = true;
            try {
                for (int i = from; i < to; i++) {
                    part.accept(i);
                }
            } finally {
                flag[0] = was;
            }
        });
    }
}
