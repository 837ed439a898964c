package dev.keras2j;

import dev.keras2j.keras.ReaderFixtures;
import dev.keras2j.model.Keras2jException;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.reference.Reference;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedding API: loading, shapes, several outputs, streams, and concurrent use. */
class KerasModelTest {
    private static final Path FIXTURES = Path.of(System.getProperty("keras2j.root", "..")).resolve("fixtures/models");

    @Test
    void twoOutputModelReturnsBothHeadsInKerasOrder() {
        KerasModel m = KerasModel.load(ReaderFixtures.path("func_dense.keras"));
        assertThat(m.inputShapes()).containsExactly(Shape.of(5));
        assertThat(m.outputShapes()).containsExactly(Shape.of(3), Shape.of(2));
        NdArray x = NdArray.of(new float[] {0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 1f, 2f, 3f, 4f, 5f}, 2, 5);
        List<NdArray> outs = m.predict(List.of(x));
        Map<String, NdArray> layers = m.predictLayers(x);
        assertThat(outs).hasSize(2);
        assertThat(outs.get(0).data()).containsExactly(layers.get("b").data());
        assertThat(outs.get(1).data()).containsExactly(layers.get("c").data());
        assertThat(m.predict(x).data()).containsExactly(outs.get(0).data());
    }

    @Test
    void loadsFromAStream() throws Exception {
        Path file = FIXTURES.resolve("lstm_seq/lstm_seq.keras");
        KerasModel fromPath = KerasModel.load(file);
        KerasModel fromStream;
        try (InputStream in = Files.newInputStream(file)) {
            fromStream = KerasModel.load(in);
        }
        Reference ref = Reference.load(FIXTURES.resolve("lstm_seq/lstm_seq.npz"));
        assertThat(fromStream.predict(ref.input()).data()).containsExactly(fromPath.predict(ref.input()).data());
    }

    @Test
    void wrongInputShapeIsAOneLineError() {
        KerasModel m = KerasModel.load(FIXTURES.resolve("dense_2d/dense_2d.h5"));
        assertThatThrownBy(() -> m.predict(NdArray.zeros(2, 7)))
                .isInstanceOf(Keras2jException.class).hasMessageContaining("[2, 7]").hasMessageContaining("(None, 5)");
    }

    @Test
    void oneModelServesManyThreadsWithIdenticalResults() throws Exception {
        KerasModel m = KerasModel.load(FIXTURES.resolve("bidirectional_lstm_concat_seq/bidirectional_lstm_concat_seq.h5"));
        Reference ref = Reference.load(FIXTURES.resolve("bidirectional_lstm_concat_seq/bidirectional_lstm_concat_seq.npz"));
        float[] expected = m.predict(ref.input()).data();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<float[]>> runs = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                runs.add(pool.submit(() -> m.predict(ref.input()).data()));
            }
            for (Future<float[]> f : runs) {
                assertThat(f.get()).containsExactly(expected);
            }
        } finally {
            pool.shutdown();
        }
    }
}
