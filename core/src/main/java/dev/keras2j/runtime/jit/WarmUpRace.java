package dev.keras2j.runtime.jit;

import java.util.function.Supplier;

/**
 * Decides when the Vector API path is worth taking. Until C2 has compiled it, Vector API code runs as
 * ordinary Java objects, hundreds of times slower than the portable loops; so a daemon thread runs a
 * {@link WarmUpWork} round after round, timing the vector product against the portable one and counting
 * what the other kernels allocate, and turns {@link #ready()} on once {@link WarmUpTally} says so. Short
 * runs never pay for the warm-up; long ones switch to the faster kernels without changing an output bit.
 */
public final class WarmUpRace implements Readiness {
    private volatile boolean ready;
    private volatile boolean gatesReady;
    private volatile boolean settled;

    private WarmUpRace() {
    }

    /** Starts a race over the work {@code work} makes (in the race's own thread) and returns its verdict so far. */
    public static Readiness start(Supplier<WarmUpWork> work) {
        WarmUpRace race = new WarmUpRace();
        Thread t = new Thread(() -> {
            try {
                race.run(work.get());
            } finally {
                // Whatever ends the race (even an error: the portable path then stays), the choice is final.
                race.settled = true;
            }
        }, "keras2j-vector-warm-up");
        t.setDaemon(true);
        t.start();
        return race;
    }

    private void run(WarmUpWork work) {
        WarmUpTally tally = new WarmUpTally(System.nanoTime());
        AllocationCounter counter = AllocationCounter.ofThisThread();
        while (!tally.finished()) {
            long t0 = System.nanoTime();
            work.vectorProduct();
            long t1 = System.nanoTime();
            work.portableProduct();
            long t2 = System.nanoTime();
            long before = counter.bytes();
            work.otherKernels();
            long middle = counter.bytes();
            work.gates();
            long after = counter.bytes();
            tally.round(System.nanoTime(), t1 - t0 < t2 - t1, middle - before, after - middle);
        }
        // ready first: gatesReady() promises ready() too.
        ready = tally.vectorReady();
        gatesReady = tally.gatesReady();
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public boolean gatesReady() {
        return gatesReady;
    }

    @Override
    public boolean settled() {
        return settled;
    }
}
