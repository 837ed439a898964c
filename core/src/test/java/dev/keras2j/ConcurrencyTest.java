package dev.keras2j;

import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads loading and predicting at once give the same bits as one thread: each thread loads its own
 * copy of every model while others load theirs, and all threads also share one loaded copy.
 */
class ConcurrencyTest {
    private static final String[] MODELS = {"dense_2d", "lstm_seq", "conv2d_same", "functional_merges",
        "bidirectional_gru_sum_seq", "functional_residual_cnn"};
    private static final int THREADS = 12;

    private static Path file(String name, String ext) {
        return Path.of("../fixtures/models", name, name + ext);
    }

    private static List<NdArray> inputs(KerasModel m, long seed) {
        Random r = new Random(seed);
        List<NdArray> out = new ArrayList<>();
        for (Shape s : m.inputShapes()) {
            int[] dims = s.withBatch(3);
            for (int i = 0; i < dims.length; i++) {
                dims[i] = dims[i] == Shape.UNKNOWN ? 5 : dims[i];
            }
            float[] v = new float[(int) NdArray.elementCount(dims)];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian();
            }
            out.add(NdArray.of(v, dims));
        }
        return out;
    }

    private static List<int[]> bits(List<NdArray> outputs) {
        List<int[]> out = new ArrayList<>();
        for (NdArray a : outputs) {
            float[] d = a.data();
            int[] b = new int[d.length];
            for (int i = 0; i < d.length; i++) {
                b[i] = Float.floatToRawIntBits(d[i]);
            }
            out.add(b);
        }
        return out;
    }

    @Test
    void threadsLoadingAndPredictingAtOnceMatchOneThreadBitForBit() throws Exception {
        List<List<int[]>> expected = new ArrayList<>();
        List<KerasModel> shared = new ArrayList<>();
        for (String name : MODELS) {
            KerasModel m = KerasModel.load(file(name, name.startsWith("functional") ? ".keras" : ".h5"));
            shared.add(m);
            expected.add(bits(m.predict(inputs(m, name.hashCode()))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    int checked = 0;
                    for (int k = 0; k < MODELS.length; k++) {
                        int i = (k + thread) % MODELS.length;
                        String name = MODELS[i];
                        // Its own copy, loaded while other threads load theirs, and the shared copy.
                        KerasModel own = KerasModel.load(file(name, name.startsWith("functional") ? ".keras" : ".h5"));
                        for (KerasModel m : List.of(own, shared.get(i))) {
                            List<int[]> got = bits(m.predict(inputs(m, name.hashCode())));
                            assertThat(got).as(name + " on thread " + thread).hasSameSizeAs(expected.get(i));
                            for (int o = 0; o < got.size(); o++) {
                                assertThat(got.get(o)).as(name + " output " + o + " on thread " + thread)
                                        .isEqualTo(expected.get(i).get(o));
                            }
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get();
            }
            assertThat(total).isEqualTo(THREADS * MODELS.length * 2);
        } finally {
            pool.shutdownNow();
        }
    }
}
