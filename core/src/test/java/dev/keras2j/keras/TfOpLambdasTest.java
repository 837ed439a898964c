package dev.keras2j.keras;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.ModelCheckException;
import dev.keras2j.model.Shape;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.model.layer.ArrayOperationSpec;
import dev.keras2j.model.layer.LayerSpecs;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** tf.keras 2.x TFOpLambda / SlicingOpLambda layers, as tf.keras serializes them, translated or refused by name. */
class TfOpLambdasTest {
    private static final TfOpLambdas T = new TfOpLambdas("m.h5");

    /** A layer as tf.keras writes it: the call's first argument and its other arguments by name. */
    private static Map<String, Object> layer(String cls, String function, Object firstArg, Map<String, Object> kwargs) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("class_name", cls);
        l.put("config", Map.of("name", "tf." + function, "trainable", true, "dtype", "float32", "function", function));
        l.put("name", "tf." + function);
        Object node;
        if (firstArg instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof List<?>) {
            node = list.stream().map(e -> withKwargs((List<?>) e, kwargs)).toList();
        } else {
            node = withKwargs((List<?>) firstArg, kwargs);
        }
        l.put("inbound_nodes", List.of(node));
        return l;
    }

    private static List<Object> withKwargs(List<?> ref, Map<String, Object> kwargs) {
        List<Object> out = new java.util.ArrayList<>(ref);
        out.add(kwargs);
        return out;
    }

    private static Map<String, Object> kw(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static final List<Object> X = List.of("dense", 0, 0);
    private static final List<Object> Y = List.of("dense_1", 0, 0);

    private static LayerConfig config(Map<String, Object> translated) {
        return new LayerConfigTranslator("m.h5", 2).translate(translated);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> inputs(Map<String, Object> translated) {
        return ((List<List<Object>>) translated.get("inbound_nodes")).get(0).stream().map(e -> (Object) ((List<Object>) e).get(0)).toList();
    }

    @Test
    void reductionsKeepTheirAxesAndTf1Aliases() {
        Map<String, Object> t = T.translate(layer("TFOpLambda", "math.reduce_mean", X, kw("axis", List.of(1, 2), "keep_dims", true, "name", null)));
        LayerConfig c = config(t);
        assertThat(c.className()).isEqualTo("ops.Mean");
        assertThat(c.raw("axis")).isEqualTo(List.of(1, 2));
        assertThat(c.raw("keepdims")).isEqualTo(true);
        assertThat(c.name()).isEqualTo("tf.math.reduce_mean");
        assertThat(inputs(t)).containsExactly("dense");
    }

    @Test
    void aReductionWithoutAxisIsRefusedByTheSpecForMixingTheBatch() {
        LayerConfig c = config(T.translate(layer("TFOpLambda", "math.reduce_sum", X, kw())));
        assertThatThrownBy(() -> LayerSpecs.create(c)).isInstanceOf(UnsupportedModelException.class)
                .hasMessageContaining("batch axis");
    }

    @Test
    void arithmeticKeepsOperandOrderWithConstantsAndTensorKeywords() {
        Map<String, Object> t = T.translate(layer("TFOpLambda", "math.subtract", List.of("_CONSTANT_VALUE", -1, 2.0),
                kw("y", X, "name", null)));
        LayerConfig c = config(t);
        assertThat(c.className()).isEqualTo("Subtract");
        assertThat(c.raw("op_arguments")).isEqualTo(List.of(2.0, "tensor"));
        assertThat(inputs(t)).containsExactly("dense");

        Map<String, Object> both = T.translate(layer("TFOpLambda", "math.truediv", X, kw("y", Y)));
        assertThat(config(both).className()).isEqualTo("Divide");
        assertThat(config(both).raw("op_arguments")).isEqualTo(List.of("tensor", "tensor"));
        assertThat(inputs(both)).containsExactly("dense", "dense_1");
    }

    @Test
    void concatTakesEveryTensorOfItsListInOrder() {
        Map<String, Object> t = T.translate(layer("TFOpLambda", "concat", List.of(Y, X), kw("axis", 1)));
        assertThat(config(t).className()).isEqualTo("Concatenate");
        assertThat(config(t).raw("axis")).isEqualTo(1);
        assertThat(inputs(t)).containsExactly("dense_1", "dense");
    }

    @Test
    void functionsOutsideTheListAreRefusedByTheirNameWithTheList() {
        assertThatThrownBy(() -> T.translate(layer("TFOpLambda", "math.cumsum", X, kw("axis", 1))))
                .isInstanceOf(UnsupportedModelException.class)
                .hasMessageContaining("m.h5").hasMessageContaining("tf.math.cumsum (TFOpLambda)")
                .hasMessageContaining("tf.math.cumsum is not supported").hasMessageContaining("tf.math.reduce_mean");
    }

    @Test
    void optionsThatCannotBeReproducedAreRefusedByName() {
        assertThatThrownBy(() -> T.translate(layer("TFOpLambda", "linalg.matmul", X, kw("b", Y, "adjoint_a", true))))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("tf.linalg.matmul").hasMessageContaining("adjoint_a");
        assertThatThrownBy(() -> T.translate(layer("TFOpLambda", "nn.gelu", X, kw("approximate", true))))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("approximate");
        assertThatThrownBy(() -> T.translate(layer("TFOpLambda", "nn.silu", X, kw("beta", 2.0))))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("beta");
        assertThatThrownBy(() -> T.translate(layer("TFOpLambda", "math.argmax", X, kw("axis", 1, "output_type", "float32"))))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("output_type");
        assertThatThrownBy(() -> T.translate(layer("TFOpLambda", "math.reduce_max", X, kw("axis", 1, "unknown", 3))))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("'unknown'");
    }

    @Test
    void tensorsWhereANumberOrShapeBelongsAreRefused() {
        assertThatThrownBy(() -> T.translate(layer("TFOpLambda", "reshape", X, kw("shape", List.of(Y, 4)))))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("shape is a tensor");
        assertThatThrownBy(() -> T.translate(layer("TFOpLambda", "__operators__.add", X, kw("y", List.of(1.0, 2.0)))))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("operand y");
        assertThatThrownBy(() -> T.translate(layer("TFOpLambda", "math.exp", List.of("_CONSTANT_VALUE", -1, 2.0), kw())))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("not a tensor of the model");
    }

    @Test
    void slicingReadsEllipsisAndNewAxisAsNumpyDoes() {
        Map<String, Object> slice = kw("start", null, "stop", null, "step", -1);
        LayerConfig c = config(T.translate(layer("SlicingOpLambda", "__operators__.getitem", X,
                kw("slice_spec", java.util.Arrays.asList(Map.of("class_name", "__ellipsis__"), null, slice, 1)))));
        ArrayOperationSpec s = (ArrayOperationSpec) LayerSpecs.create(c);
        // [batch, 4, 5, 6][..., newaxis, ::-1, 1] -> [batch, 4, 1, 5]
        assertThat(s.outputShape(List.of(Shape.of(4, 5, 6))).dims()).containsExactly(4, 1, 5);
        assertThat(s.key(4)).hasSize(4);
        assertThat(s.key(4).get(3).drop()).isTrue();
        assertThat(s.key(4).get(2).step()).isEqualTo(-1L);
    }

    @Test
    void slicingThatTouchesTheBatchAxisIsRefused() {
        Map<String, Object> all = kw("start", null, "stop", null, "step", null);
        LayerConfig newAxisFirst = config(T.translate(layer("SlicingOpLambda", "__operators__.getitem", X,
                kw("slice_spec", Arrays.asList(null, all)))));
        assertThatThrownBy(() -> LayerSpecs.create(newAxisFirst).outputShape(List.of(Shape.of(3))))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("inserts an axis before the batch axis");
        LayerConfig indexFirst = config(T.translate(layer("SlicingOpLambda", "__operators__.getitem", X,
                kw("slice_spec", List.of(0)))));
        assertThatThrownBy(() -> LayerSpecs.create(indexFirst).outputShape(List.of(Shape.of(3))))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("selects along the batch axis");
        LayerConfig twoEllipses = config(T.translate(layer("SlicingOpLambda", "__operators__.getitem", X,
                kw("slice_spec", List.of(Map.of("class_name", "__ellipsis__"), Map.of("class_name", "__ellipsis__"))))));
        assertThatThrownBy(() -> LayerSpecs.create(twoEllipses)).isInstanceOf(ModelCheckException.class)
                .hasMessageContaining("single ellipsis");
    }

    @Test
    void arithmeticOfTensorsOfDifferentRanksIsRefused() {
        LayerConfig c = config(T.translate(layer("TFOpLambda", "math.multiply", X, kw("y", Y))));
        assertThatThrownBy(() -> LayerSpecs.create(c).outputShape(List.of(Shape.of(4, 6), Shape.of(6))))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("different ranks");
    }

    @Test
    void theListIsPublishedWithTheCompatV1Aliases() {
        assertThat(TfOpLambdas.functions()).contains("compat.v1.transpose", "compat.v1.squeeze", "__operators__.getitem",
                "__operators__.add", "math.reduce_mean", "nn.softmax", "linalg.matmul").doesNotContain("einsum", "math.pow");
    }
}
