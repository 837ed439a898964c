package dev.keras2j.runtime.kernel;

import dev.keras2j.testing.RestoresKernelThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The kernel threads: every index once, failures passed on, many callers at once, nested loops in place. */
@ExtendWith(RestoresKernelThreads.class)
class ParallelismTest {
    @ParameterizedTest(name = "{0} indices, {1} parts per thread, {2} threads")
    @CsvSource({"2,1,2", "7,1,3", "100,4,2", "1000,4,3", "5,8,4", "1,4,2", "64,1,1"})
    void everyIndexRunsExactlyOnce(int count, int partsPerThread, int threads) {
        Parallelism.setThreads(threads);
        for (int round = 0; round < 50; round++) {
            AtomicIntegerArray runs = new AtomicIntegerArray(count);
            Parallelism.forRange(count, true, partsPerThread, (from, to) -> {
                assertThat(from).isLessThan(to);
                for (int i = from; i < to; i++) {
                    runs.incrementAndGet(i);
                }
            });
            for (int i = 0; i < count; i++) {
                assertThat(runs.get(i)).as("index %d, round %d", i, round).isEqualTo(1);
            }
        }
    }

    @Test
    void aFailingRangeFailsTheLoopAndTheThreadsServeTheNextOne() {
        Parallelism.setThreads(2);
        IllegalStateException boom = new IllegalStateException("boom");
        // Thrown by the range holding index 8, whether the loop is split (helpers) or runs whole on the caller
        // (the crew busy with another loop, e.g. the JIT warm-up's, falls back to one range).
        assertThatThrownBy(() -> Parallelism.forRange(16, true, 4, (from, to) -> {
            if (from <= 8 && 8 < to) {
                throw boom;
            }
        })).isSameAs(boom);
        AtomicIntegerArray runs = new AtomicIntegerArray(16);
        Parallelism.forRange(16, true, 4, (from, to) -> {
            for (int i = from; i < to; i++) {
                runs.incrementAndGet(i);
            }
        });
        for (int i = 0; i < 16; i++) {
            assertThat(runs.get(i)).isEqualTo(1);
        }
    }

    @Test
    void manyCallersAtOnceEachGetTheirWholeLoop() throws Exception {
        Parallelism.setThreads(2);
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<Future<long[]>> sums = new ArrayList<>();
            for (int c = 0; c < 6; c++) {
                int seed = c;
                sums.add(callers.submit(() -> {
                    long[] perRound = new long[200];
                    for (int round = 0; round < perRound.length; round++) {
                        long[] parts = new long[1000];
                        int offset = seed * 1000 + round;
                        Parallelism.forRange(parts.length, true, 4, (from, to) -> {
                            for (int i = from; i < to; i++) {
                                parts[i] = i + offset;
                            }
                        });
                        for (long v : parts) {
                            perRound[round] += v;
                        }
                    }
                    return perRound;
                }));
            }
            for (int c = 0; c < 6; c++) {
                long[] perRound = sums.get(c).get();
                for (int round = 0; round < perRound.length; round++) {
                    assertThat(perRound[round]).isEqualTo(999L * 1000 / 2 + 1000L * (c * 1000 + round));
                }
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aPartRunsTheLoopsItStartsOnItsOwnThread() {
        Parallelism.setThreads(2);
        AtomicIntegerArray sameThread = new AtomicIntegerArray(8);
        Parallelism.forEachPart(8, part -> {
            Thread mine = Thread.currentThread();
            Parallelism.forRange(100, true, 4, (from, to) -> {
                if (Thread.currentThread() != mine) {
                    sameThread.set(part, -1);
                }
            });
            sameThread.compareAndSet(part, 0, 1);
        });
        for (int p = 0; p < 8; p++) {
            assertThat(sameThread.get(p)).as("part %d", p).isEqualTo(1);
        }
    }
}
