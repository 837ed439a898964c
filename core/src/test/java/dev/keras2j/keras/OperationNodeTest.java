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
    void otherOperationsAreRefusedByName() {
        assertThatThrownBy(() -> new LayerConfigTranslator("m.keras", 3).translate(node("keras.src.ops.numpy", "Reshape",
                List.of(TENSOR))))
                .isInstanceOf(UnsupportedModelException.class)
                .hasMessageContaining("keras.src.ops.numpy.Reshape").hasMessageContaining("not supported");
    }
}
