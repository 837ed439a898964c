package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.NdArray;
import dev.keras2j.runtime.RuntimeModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Every layer's output against Keras 3.15.1 for each case in {@code src/test/resources/recurrent}. */
class RecurrentLayersTest {
    static Stream<String> cases() throws IOException {
        return RecurrentCase.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesKeras(String name) throws IOException {
        RecurrentCase c = RecurrentCase.load(name);
        CheckedModel checked = ModelChecker.check(c.modelSpec());
        RuntimeModel model = RuntimeModel.compile(checked);
        Map<String, NdArray> outputs = model.predictLayers(c.input());
        for (CheckedLayer layer : checked.layers()) {
            NdArray expected = c.expected(layer.name());
            assertThat(layer.outputShape().withBatch(expected.dim(0))).as(layer.name() + " shape")
                    .containsExactly(expected.shape());
            assertClose(name + "/" + layer.name(), outputs.get(layer.name()), expected);
        }
        assertClose(name + " output", model.predict(c.input()), c.arrays().get("output"));
    }

    static void assertClose(String what, NdArray actual, NdArray expected) {
        assertThat(actual.shape()).as(what + " shape").containsExactly(expected.shape());
        float[] a = actual.data();
        float[] e = expected.data();
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(a[i] - e[i]) <= 1e-5 + 1e-4 * Math.abs(e[i]))) {
                fail(what + ": element " + i + " is " + a[i] + ", Keras gives " + e[i]);
            }
        }
    }

}
