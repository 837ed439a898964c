package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.ModelCheckException;
import dev.keras2j.model.Shape;
import dev.keras2j.model.UnsupportedModelException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Shape rules and refusals of the Keras operation specs (their values are checked on Keras-made fixtures). */
class OperationSpecsTest {
    private static LayerSpec spec(String cls, Object... kv) {
        Map<String, Object> options = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            options.put((String) kv[i], kv[i + 1]);
        }
        return LayerSpecs.create(new LayerConfig("ops." + cls, "op", options, 3));
    }

    private static Shape out(LayerSpec s, int... dims) {
        return s.outputShape(List.of(Shape.of(dims)));
    }

    private static Map<String, Object> slice(Integer start, Integer stop, Integer step) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", start);
        m.put("stop", stop);
        m.put("step", step);
        return m;
    }

    @Test
    void reshapeKeepsAFreeBatchAxisAndRefusesOthers() {
        assertThat(out(spec("Reshape", "newshape", List.of(-1, 6, 4)), 4, 6)).isEqualTo(Shape.of(6, 4));
        assertThatThrownBy(() -> out(spec("Reshape", "newshape", List.of(2, 12)), 4, 6))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("batch");
        assertThatThrownBy(() -> out(spec("Reshape", "newshape", List.of(-1, 5, 4)), 4, 6))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("cannot reshape");
    }

    @Test
    void transposeMustKeepTheBatchAxisFirst() {
        assertThat(out(spec("Transpose", "axes", List.of(0, 2, 1)), 3, 5)).isEqualTo(Shape.of(5, 3));
        assertThatThrownBy(() -> out(spec("Transpose", "axes", List.of(1, 0, 2)), 3, 5))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("move the batch axis");
        assertThatThrownBy(() -> spec("Transpose"))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("'axes' is None");
    }

    @Test
    void expandDimsAndSqueezeCountTheBatchAxis() {
        assertThat(out(spec("ExpandDims", "axis", 1), 3, 5)).isEqualTo(Shape.of(1, 3, 5));
        assertThat(out(spec("ExpandDims", "axis", -1), 3, 5)).isEqualTo(Shape.of(3, 5, 1));
        assertThat(out(spec("Squeeze", "axis", List.of(1, 3)), 1, 4, 1)).isEqualTo(Shape.of(4));
        assertThatThrownBy(() -> out(spec("Squeeze", "axis", 2), 1, 4)).isInstanceOf(ModelCheckException.class);
        assertThatThrownBy(() -> out(spec("Squeeze", "axis", 0), 1, 4)).isInstanceOf(UnsupportedModelException.class);
    }

    @Test
    void stackAddsAnAxisOfTheInputCount() {
        LayerSpec s = spec("Stack", "axis", -1);
        assertThat(s.outputShape(List.of(Shape.of(3, 4), Shape.of(3, 4)))).isEqualTo(Shape.of(3, 4, 2));
        assertThatThrownBy(() -> s.outputShape(List.of(Shape.of(3, 4), Shape.of(4, 3))))
                .isInstanceOf(ModelCheckException.class);
        assertThatThrownBy(() -> spec("Stack", "axis", 0).outputShape(List.of(Shape.of(3))))
                .isInstanceOf(UnsupportedModelException.class);
    }

    @Test
    void indexingFollowsPythonSlices() {
        Map<String, Object> all = slice(null, null, null);
        assertThat(out(spec("GetItem", "key", List.of(all, -1)), 4, 12)).isEqualTo(Shape.of(12));
        assertThat(out(spec("GetItem", "key", List.of(all, slice(1, 3, null), slice(null, null, 2))), 4, 12))
                .isEqualTo(Shape.of(2, 6));
        assertThat(out(spec("GetItem", "key", List.of(all, slice(null, null, -1), slice(3, null, null))), 4, 12))
                .isEqualTo(Shape.of(4, 9));
        assertThat(out(spec("GetItem", "key", List.of(all, slice(10, null, null))), 4)).isEqualTo(Shape.of(0));
        assertThatThrownBy(() -> out(spec("GetItem", "key", List.of(all, 4)), 4))
                .isInstanceOf(ModelCheckException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> spec("GetItem", "key", List.of(0, all)))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("batch axis");
    }

    @Test
    void sliceBoundsAreThoseOfPythonsSliceIndices() {
        // [start, step, count] against slice(...).indices(n) and len(range(...)) in Python
        assertThat(ArrayOperationSpec.slice(new ArrayOperationSpec.Index(false, 0, null, null, -1L), 4))
                .containsExactly(3, -1, 4);
        assertThat(ArrayOperationSpec.slice(new ArrayOperationSpec.Index(false, 0, -2L, null, null), 5))
                .containsExactly(3, 1, 2);
        assertThat(ArrayOperationSpec.slice(new ArrayOperationSpec.Index(false, 0, -10L, 100L, 3L), 7))
                .containsExactly(0, 3, 3);
        assertThat(ArrayOperationSpec.slice(new ArrayOperationSpec.Index(false, 0, 5L, 1L, -2L), 7))
                .containsExactly(5, -2, 2);
    }

    @Test
    void reductionsNeverMixTheExamplesOfABatch() {
        assertThat(out(spec("Mean", "axis", 1, "keepdims", false), 3, 4, 5)).isEqualTo(Shape.of(4, 5));
        assertThat(out(spec("Sum", "axis", -1, "keepdims", true), 3, 4)).isEqualTo(Shape.of(3, 1));
        assertThat(out(spec("Max", "axis", List.of(1, 2)), 3, 4)).isEqualTo(Shape.of());
        assertThatThrownBy(() -> spec("Mean")).isInstanceOf(UnsupportedModelException.class)
                .hasMessageContaining("axis None");
        assertThatThrownBy(() -> out(spec("Sum", "axis", 0), 3)).isInstanceOf(UnsupportedModelException.class)
                .hasMessageContaining("batch axis");
        assertThatThrownBy(() -> spec("Argmax", "axis", List.of(1, 2))).isInstanceOf(UnsupportedModelException.class);
        assertThatThrownBy(() -> spec("Max", "axis", 1, "initial", 0.0)).isInstanceOf(UnsupportedModelException.class);
    }

    @Test
    void matmulNeedsEqualLeadingAxesAndMatchingInnerOnes() {
        LayerSpec s = spec("Matmul");
        assertThat(s.outputShape(List.of(Shape.of(5, 4), Shape.of(4, 3)))).isEqualTo(Shape.of(5, 3));
        assertThatThrownBy(() -> s.outputShape(List.of(Shape.of(5, 4), Shape.of(5, 3))))
                .isInstanceOf(ModelCheckException.class);
        assertThatThrownBy(() -> s.outputShape(List.of(Shape.of(2, 5, 4), Shape.of(4, 3))))
                .isInstanceOf(UnsupportedModelException.class);
    }

    @Test
    void clipTakesNumberBoundsAndCastOnlyFloat32() {
        ElementwiseOperationSpec clip = (ElementwiseOperationSpec) spec("Clip", "x_min", 0.1, "x_max", 0.5);
        assertThat(clip.min()).isEqualTo(0.1f);
        assertThat(clip.max()).isEqualTo(0.5f);
        assertThatThrownBy(() -> spec("Clip", "x_min", 0.1)).isInstanceOf(UnsupportedModelException.class);
        assertThat(out(spec("Cast", "dtype", "float32"), 2, 3)).isEqualTo(Shape.of(2, 3));
        assertThatThrownBy(() -> spec("Cast", "dtype", "int32")).isInstanceOf(UnsupportedModelException.class)
                .hasMessageContaining("int32");
        assertThat(Arrays.stream(ElementwiseOperationSpec.Kind.values()).map(ElementwiseOperationSpec.Kind::kerasName))
                .contains("Absolute", "Sqrt", "Clip");
    }
}
