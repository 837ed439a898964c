package dev.keras2j.runtime.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * How many threads the kernels may use, and the helper threads that run with the caller. Large kernels
 * split their work into independent ranges (disjoint output blocks, so results do not depend on the thread
 * count); small ones run on the calling thread because sharing costs more than it saves.
 *
 * <p>The calling thread works on its own loop: it publishes the ranges, takes them one by one with the
 * helpers and waits only for the ranges a helper is still finishing. Helpers that find no work wait
 * {@link #SPIN_NANOS} for the next loop before they sleep: a batch-1 prediction runs dozens of loops of tens
 * of microseconds each, and waking a sleeping thread costs about as much as one such loop.
 *
 * <p>The default is the number of available processors; {@link #setThreads(int)} changes it for the whole
 * JVM (e.g. {@code keras2j bench --threads 1}). Safe to use from many calling threads at once: the helpers
 * serve one loop at a time, and a caller that finds them busy runs its loop itself, as does a range that
 * starts a loop of its own.
 */
public final class Parallelism {
    /** How long an idle helper watches for the next loop before it sleeps. */
    static final long SPIN_NANOS = 200_000;

    private static volatile Crew crew = Crew.of(Runtime.getRuntime().availableProcessors());
    /** Set on a thread while it runs a range: loops it starts then run on it. */
    private static final ThreadLocal<boolean[]> IN_RANGE = ThreadLocal.withInitial(() -> new boolean[1]);

    private Parallelism() {
    }

    /**
     * Sets the number of kernel threads (1 = everything on the calling thread). Loops already running
     * finish with the old helpers, which then end.
     */
    public static synchronized void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (threads != threads()) {
            Crew old = crew;
            crew = Crew.of(threads);
            if (old != null) {
                old.close();
            }
        }
    }

    /** The number of kernel threads: the caller and its helpers. */
    public static int threads() {
        Crew c = crew;
        return c == null ? 1 : c.helpers.length + 1;
    }

    /**
     * The threads a loop started on this thread would run on: 1 inside a range of another loop (nested loops
     * run in place), else {@link #threads()}. For work that is laid out differently when it is shared out.
     */
    public static int threadsHere() {
        return IN_RANGE.get()[0] ? 1 : threads();
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
     * which threads take as they free up: on a shared machine where one core is also running something
     * else, an even split would leave the whole loop waiting for the slowed thread.
     */
    public static void forRange(int count, boolean parallel, int partsPerThread, RangeBody body) {
        Crew c = crew;
        // The thread-local flag last: a recurrent step calls this every timestep with parallel false.
        if (!parallel || c == null || count < 2 || IN_RANGE.get()[0]) {
            body.run(0, count);
            return;
        }
        int parts = (int) Math.min(count, (long) (c.helpers.length + 1) * partsPerThread);
        Loop loop = new Loop(count, parts, body, Thread.currentThread());
        if (!c.run(loop)) {
            body.run(0, count);
        }
    }

    /**
     * Runs {@code part} for each index in {@code [0, parts)}, the parts shared out between the threads, each
     * on one thread with everything it calls. For work made of independent parts that each fill a thread,
     * such as the examples of a large batch: the threads then never wait for each other inside a part.
     */
    public static void forEachPart(int parts, IntConsumer part) {
        forRange(parts, true, parts, (from, to) -> {
            for (int i = from; i < to; i++) {
                part.accept(i);
            }
        });
    }

    /** One parallel loop: its ranges, taken in turn by the caller and the helpers. */
    private static final class Loop {
        final int count;
        final int parts;
        final RangeBody body;
        final Thread caller;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Loop(int count, int parts, RangeBody body, Thread caller) {
            this.count = count;
            this.parts = parts;
            this.body = body;
            this.caller = caller;
        }

        /** Runs ranges until none is left to take. */
        void work() {
            boolean[] inRange = IN_RANGE.get();
            boolean was = inRange[0];
            inRange[0] = true;
            try {
                for (int i = next.getAndIncrement(); i < parts; i = next.getAndIncrement()) {
                    try {
                        if (failure == null) {
                            body.run((int) ((long) count * i / parts), (int) ((long) count * (i + 1) / parts));
                        }
                    } catch (Throwable t) {
                        if (failure == null) {
                            failure = t;
                        }
                    } finally {
                        if (done.incrementAndGet() == parts) {
                            LockSupport.unpark(caller);
                        }
                    }
                }
            } finally {
                inRange[0] = was;
            }
        }

        /** Waits until every range taken by a helper is finished, then rethrows the first failure. */
        void await() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (done.get() < parts) {
                if (System.nanoTime() < spinUntil) {
                    Thread.yield();
                } else {
                    LockSupport.parkNanos(this, 50_000);
                }
            }
            Throwable t = failure;
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }
    }

    /** The helper threads of one thread count, serving one loop at a time. */
    private static final class Crew {
        final Helper[] helpers;
        final ReentrantLock busy = new ReentrantLock();
        volatile Loop loop;
        volatile long published;
        volatile boolean closed;

        private Crew(int helperCount) {
            helpers = new Helper[helperCount];
            for (int i = 0; i < helperCount; i++) {
                helpers[i] = new Helper(this, i);
            }
            for (Helper h : helpers) {
                h.start();
            }
        }

        static Crew of(int threads) {
            return threads <= 1 ? null : new Crew(threads - 1);
        }

        /** Runs {@code l} with the helpers; false, doing nothing, when they are serving another loop. */
        boolean run(Loop l) {
            if (!busy.tryLock()) {
                return false;
            }
            try {
                loop = l;
                published++;
                for (Helper h : helpers) {
                    if (h.sleeping) {
                        LockSupport.unpark(h);
                    }
                }
                l.work();
                l.await();
            } finally {
                loop = null;
                busy.unlock();
            }
            return true;
        }

        void close() {
            closed = true;
            for (Helper h : helpers) {
                LockSupport.unpark(h);
            }
        }
    }

    /** A helper: takes ranges of each loop its crew publishes, watching briefly for the next before it sleeps. */
    private static final class Helper extends Thread {
        private final Crew crew;
        volatile boolean sleeping;

        Helper(Crew crew, int index) {
            super("keras2j-kernel-" + index);
            this.crew = crew;
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0;
            while (!crew.closed) {
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                while (crew.published == seen && !crew.closed && System.nanoTime() < spinUntil) {
                    // Yielding, not just spinning: on a machine with as many busy threads as cores, the compiler
                    // threads and other work get the core while this one only watches.
                    Thread.yield();
                }
                if (crew.published == seen && !crew.closed) {
                    sleeping = true;
                    // Checked again after saying so: a loop published in between has seen the flag and unparks.
                    while (crew.published == seen && !crew.closed) {
                        LockSupport.park(this);
                    }
                    sleeping = false;
                    continue;
                }
                seen = crew.published;
                Loop l = crew.loop;
                if (l != null) {
                    l.work();
                }
            }
        }
    }
}
