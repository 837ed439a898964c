package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.InputSpec;
import dev.keras2j.model.LayerCall;
import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerNode;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.ModelFormat;
import dev.keras2j.model.ModelSpec;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.TensorRef;
import dev.keras2j.model.layer.LayerSpecs;
import dev.keras2j.runtime.RuntimeModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MultiHeadAttention over some of the position axes is attention along those axes with the others as batch
 * axes: {@code attention_axes=2} on {@code (batch, rows, cols, features)} must equal the default attention run
 * on every row as a sequence of its own, with the same weights; and the scores it returns must be each row's
 * scores, laid out {@code (batch, rows, heads, cols, cols)}.
 */
class AttentionAxesTest {
    private static final int HEADS = 2;
    private static final int KEY_DIM = 3;
    private static final int FEATURES = 4;

    private static List<NdArray> weights(Random r) {
        List<NdArray> w = new ArrayList<>();
        for (int part = 0; part < 3; part++) { // query, key, value
            w.add(random(r, FEATURES, HEADS, KEY_DIM));
            w.add(random(r, HEADS, KEY_DIM));
        }
        w.add(random(r, HEADS, KEY_DIM, FEATURES));
        w.add(random(r, FEATURES));
        return w;
    }

    private static NdArray random(Random r, int... shape) {
        float[] d = new float[(int) NdArray.elementCount(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextGaussian() * 0.5f;
        }
        return NdArray.of(d, shape);
    }

    private static RuntimeModel model(Shape input, Object axes, List<NdArray> weights, boolean scores) {
        Map<String, Object> options = new LinkedHashMap<>(Map.of("num_heads", HEADS, "key_dim", KEY_DIM));
        if (axes != null) {
            options.put("attention_axes", axes);
        }
        LayerConfig c = new LayerConfig("MultiHeadAttention", "mha", options, 3);
        Map<String, Object> kwargs = scores ? Map.of("return_attention_scores", true) : Map.of();
        LayerNode node = LayerNode.called(LayerSpecs.create(c),
                List.of(new LayerCall(TensorRef.list("in", "in"), kwargs)));
        List<TensorRef> outputs = scores
                ? List.of(new TensorRef("mha", 0, 0), new TensorRef("mha", 0, 1)) : TensorRef.list("mha");
        CheckedModel m = ModelChecker.check(new ModelSpec("test", ModelFormat.KERAS, "3.15.1", null, "Functional",
                List.of(new InputSpec("in", input, "float32")), List.of(node), outputs, Map.of("mha", weights)));
        return RuntimeModel.compile(m);
    }

    @Test
    void attentionAlongOneAxisIsTheDefaultAttentionOnEachRow() {
        Random r = new Random(16);
        List<NdArray> w = weights(r);
        int batch = 2;
        int rows = 3;
        int cols = 5;
        NdArray x = random(r, batch, rows, cols, FEATURES);
        List<NdArray> byAxis = model(Shape.of(rows, cols, FEATURES), 2, w, true).predictAll(List.of(x));
        List<NdArray> perRow = model(Shape.of(cols, FEATURES), null, w, true)
                .predictAll(List.of(NdArray.of(x.data(), batch * rows, cols, FEATURES)));
        assertThat(byAxis.get(0).shape()).containsExactly(batch, rows, cols, FEATURES);
        assertThat(byAxis.get(0).data()).containsExactly(perRow.get(0).data());
        assertThat(byAxis.get(1).shape()).containsExactly(batch, rows, HEADS, cols, cols);
        assertThat(byAxis.get(1).data()).containsExactly(perRow.get(1).data());
    }

    @Test
    void namingEveryPositionAxisIsTheDefault() {
        Random r = new Random(3);
        List<NdArray> w = weights(r);
        NdArray x = random(r, 2, 3, 4, FEATURES);
        Shape in = Shape.of(3, 4, FEATURES);
        NdArray named = model(in, List.of(1, 2), w, false).predict(x);
        NdArray defaults = model(in, null, w, false).predict(x);
        assertThat(named.data()).containsExactly(defaults.data());
        // attention along the other axis differs: the test above is not vacuous
        assertThat(model(in, 1, w, false).predict(x).data()).isNotEqualTo(defaults.data());
    }
}
