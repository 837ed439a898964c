package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.InputSpec;
import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerNode;
import dev.keras2j.model.ModelCheckException;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.ModelFormat;
import dev.keras2j.model.ModelSpec;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.TensorRef;
import dev.keras2j.model.layer.LayerSpecs;
import dev.keras2j.runtime.RuntimeModel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ConvNeXt's LayerScale: each feature of the last axis scaled by its gamma. */
class LayerScaleTest {
    private static ModelSpec model(int channels, float[] gamma) {
        LayerConfig c = new LayerConfig("LayerScale", "ls", Map.of("init_values", 1e-6, "projection_dim", gamma.length), 3);
        return new ModelSpec("test", ModelFormat.KERAS, "3.15.1", null, "Functional",
                List.of(new InputSpec("in", Shape.of(2, channels), "float32")),
                List.of(new LayerNode(LayerSpecs.create(c), List.of("in"))), TensorRef.list("ls"),
                Map.of("ls", List.of(NdArray.of(gamma, gamma.length))));
    }

    @Test
    void scalesEachFeatureOfTheLastAxis() {
        CheckedModel m = ModelChecker.check(model(3, new float[] {2f, -1f, 0.5f}));
        assertThat(m.totalParams()).isEqualTo(3);
        NdArray x = NdArray.of(new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3);
        assertThat(RuntimeModel.compile(m).predict(x).data()).containsExactly(2f, -2f, 1.5f, 8f, -5f, 3f);
    }

    @Test
    void projectionDimMustMatchTheInput() {
        assertThatThrownBy(() -> ModelChecker.check(model(4, new float[] {1f, 1f, 1f})))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("ls (LayerScale)")
                .hasMessageContaining("projection_dim 3");
    }
}
