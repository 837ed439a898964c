package dev.keras2j.cli.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@link BenchRunner} times (only calls made once the engine has settled) and counts. */
class BenchRunnerTest {
    /** An engine each of whose predictions allocates 1 MB on a helper thread that lives as long as it does. */
    private static final class AllocatingEngine implements BenchEngine {
        final java.util.concurrent.ExecutorService helper = java.util.concurrent.Executors.newSingleThreadExecutor();
        static volatile byte[] sink;

        @Override
        public String name() {
            return "allocating";
        }

        @Override
        public Loaded load(ModelFiles model) {
            return new NdArrayLoaded(new int[] {2}) {
                @Override
                public Object predict(Object prepared) {
                    try {
                        helper.submit(() -> sink = new byte[1_000_000]).get();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return prepared;
                }

                @Override
                public boolean settled() {
                    return true;
                }
            };
        }
    }

    @Test
    void predictAllocIsWhatEveryThreadAllocatedPerCall(@TempDir Path dir) throws Exception {
        Path model = Files.write(dir.resolve("model.bin"), new byte[16]);
        AllocatingEngine engine = new AllocatingEngine();
        try {
            List<Map<String, Object>> results = new BenchRunner(0.3, 1).run(engine, ModelFiles.of(model), new int[] {1});
            assertThat(results.get(0)).doesNotContainKey("error");
            // 1 MB on the helper thread, plus the runner's and the executor's own few hundred bytes per call.
            assertThat((double) results.get(0).get("predict_alloc_mb")).isBetween(1.0, 1.05);
        } finally {
            engine.helper.shutdownNow();
        }
    }

    /** An engine whose first calls are slow (50 ms) until it settles after a number of them. */
    private static final class SettlingEngine implements BenchEngine {
        final int slowCalls;
        int calls;

        SettlingEngine(int slowCalls) {
            this.slowCalls = slowCalls;
        }

        @Override
        public String name() {
            return "settling";
        }

        @Override
        public Loaded load(ModelFiles model) {
            return new NdArrayLoaded(new int[] {2}) {
                @Override
                public Object predict(Object prepared) {
                    if (calls++ < slowCalls) {
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return prepared;
                }

                @Override
                public boolean settled() {
                    return calls >= slowCalls;
                }
            };
        }
    }

    @Test
    void latenciesAreTimedOnlyOnceTheEngineHasSettled(@TempDir Path dir) throws Exception {
        Path model = Files.write(dir.resolve("model.bin"), new byte[16]);
        // 12 slow calls (600 ms) against a warm-up of a third of 0.06 s: without the wait, most timed calls
        // would be slow ones.
        SettlingEngine engine = new SettlingEngine(12);
        List<Map<String, Object>> results = new BenchRunner(0.06, 1).run(engine, ModelFiles.of(model), new int[] {1});
        assertThat(results).hasSize(1);
        assertThat(results.get(0)).doesNotContainKey("error");
        assertThat(engine.calls).isGreaterThan(12);
        assertThat((double) results.get(0).get("latency_ms_median")).isLessThan(50.0);
    }
}
