package dev.keras2j.keras;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.UnsupportedModelException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keras 3 operation nodes ({@code x + 3.0}) in a functional config. */
class OperationNodeTest {
    private static Map<String, Object> node(String module, String cls, List<Object> args) {
        Map<String, Object> layer = new LinkedHashMap<>();
        if (module != null) {
            layer.put("module", module);
        }
        layer.put("class_name", cls);
        layer.put("config", Map.of("name", "op_1"));
        layer.put("inbound_nodes", List.of(Map.of("args", args, "kwargs", Map.of())));
        return layer;
    }

    private static final Map<String, Object> TENSOR = Map.of("class_name", "__keras_tensor__",
            "config", Map.of("keras_history", List.of("dense", 0, 0)));

    @Test
    void arithmeticWithANumberBecomesAMergeWithItsOperandsInCallOrder() {
        LayerConfig c = new LayerConfigTranslator("m.keras", 3).translate(node("keras.src.ops.numpy", "Subtract",
                List.of(2.0, TENSOR)));
        assertThat(c.className()).isEqualTo("Subtract");
        assertThat(c.raw("op_arguments")).isEqualTo(List.of(2.0, "tensor"));
    }

    @Test
    void legacyH5WithoutModuleIsRecognizedByItsBareConfig() {
        LayerConfig c = new LayerConfigTranslator("m.h5", 3).translate(node(null, "TrueDivide", List.of(TENSOR, 6.0)));
        assertThat(c.className()).isEqualTo("Divide");
        assertThat(c.raw("op_arguments")).isEqualTo(List.of("tensor", 6.0));
    }

    @Test
    void otherOperationsAreRefusedByNameWithTheSupportedOnes() {
        assertThatThrownBy(() -> new LayerConfigTranslator("m.keras", 3).translate(node("keras.src.ops.numpy", "Cumsum",
                List.of(TENSOR))))
                .isInstanceOf(UnsupportedModelException.class)
                .hasMessageContaining("m.keras").hasMessageContaining("keras.src.ops.numpy.Cumsum")
                .hasMessageContaining("not supported").hasMessageContaining("Reshape");
    }

    @Test
    void operationsSharingALayerNameGetTheirOwnClassUnlessTheLayerComputesTheSame() {
        LayerConfigTranslator t = new LayerConfigTranslator("m.keras", 3);
        assertThat(t.translate(node("keras.src.ops.numpy", "Reshape", List.of(TENSOR))).className()).isEqualTo("ops.Reshape");
        assertThat(t.translate(node("keras.src.ops.nn", "Softmax", List.of(TENSOR))).className()).isEqualTo("Softmax");
        LayerConfig sigmoid = t.translate(node("keras.src.ops.nn", "Sigmoid", List.of(TENSOR)));
        assertThat(sigmoid.className()).isEqualTo("Activation");
        assertThat(sigmoid.raw("activation")).isEqualTo("sigmoid");
        // a Keras 3 legacy .h5 drops the module: an operation's config has no 'trainable', a layer's always has
        assertThat(new LayerConfigTranslator("m.h5", 3).translate(node(null, "Transpose", List.of(TENSOR))).className())
                .isEqualTo("ops.Transpose");
    }

    @Test
    void indexingKeysBecomeIntegersAndSlices() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("start", null);
        all.put("stop", null);
        all.put("step", null);
        Object key = List.of(Map.of("class_name", "__slice__", "config", all), -1);
        LayerConfig c = new LayerConfigTranslator("m.keras", 3).translate(node("keras.src.ops.numpy", "GetItem",
                List.of(TENSOR, key)));
        assertThat(c.className()).isEqualTo("ops.GetItem");
        assertThat((List<?>) c.raw("key")).hasSize(2).element(1).isEqualTo(-1L);
        assertThatThrownBy(() -> new LayerConfigTranslator("m.keras", 3).translate(node("keras.src.ops.numpy", "GetItem",
                List.of(TENSOR, List.of("x")))))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("GetItem");
    }
}
