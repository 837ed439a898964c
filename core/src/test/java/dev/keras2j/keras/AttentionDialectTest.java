package dev.keras2j.keras;

import dev.keras2j.container.JsonDocument;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.ModelFormat;
import dev.keras2j.model.ModelSpec;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.runtime.RuntimeModel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A tf.keras 2.x Attention call as that version records it: the call options repeated on each input entry of
 * the legacy {@code inbound_nodes}, and the constructor option {@code causal} that Keras 3 replaced with the call
 * option {@code use_causal_mask}.
 */
class AttentionDialectTest {
    private static final String TF_KERAS = """
            {"class_name": "Functional", "config": {"name": "model", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4, 3], "dtype": "float32", "name": "q"}, "name": "q", "inbound_nodes": []},
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 5, 3], "dtype": "float32", "name": "v"}, "name": "v", "inbound_nodes": []},
              {"class_name": "Attention", "config": {"name": "attention", "trainable": true, "dtype": "float32", "use_scale": false,
               "score_mode": "dot", "dropout": 0.0, "causal": true},
               "name": "attention", "inbound_nodes": [[["q", 0, 0, {"return_attention_scores": true}], ["v", 0, 0, {"return_attention_scores": true}]]]}],
             "input_layers": [["q", 0, 0], ["v", 0, 0]], "output_layers": [["attention", 0, 0], ["attention", 0, 1]]},
             "keras_version": "2.11.0", "backend": "tensorflow"}""";

    @Test
    void tfKerasCausalAttentionReturnsItsScores() {
        ParsedModel p = ModelConfigReader.read(JsonDocument.parse(TF_KERAS, "t"), 2, "t.json");
        CheckedModel m = ModelChecker.check(new ModelSpec("t.json", ModelFormat.KERAS, "2.11.0", "tensorflow", "Functional",
                p.inputs(), p.layers(), p.outputs(), Map.of()));
        assertThat(m.outputShapes()).containsExactly(Shape.of(4, 3), Shape.of(4, 5));
        float[] q = new float[2 * 4 * 3];
        float[] v = new float[2 * 5 * 3];
        for (int i = 0; i < q.length; i++) {
            q[i] = (float) Math.sin(i + 1.0);
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.cos(i * 0.7);
        }
        List<NdArray> out = RuntimeModel.compile(m).predictAll(List.of(NdArray.of(q, 2, 4, 3), NdArray.of(v, 2, 5, 3)));
        float[] w = out.get(1).data();
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 4; i++) {
                double sum = 0;
                for (int j = 0; j < 5; j++) {
                    float x = w[(b * 4 + i) * 5 + j];
                    if (j > i) {
                        assertThat(x).as("step %d may not attend to later step %d", i, j).isZero();
                    }
                    sum += x;
                }
                assertThat(sum).isCloseTo(1.0, within(1e-6));
            }
            // the first query step attends to the first value step only: its output is that step
            float[] o = out.get(0).data();
            for (int c = 0; c < 3; c++) {
                assertThat(o[(b * 4) * 3 + c]).isEqualTo(v[(b * 5) * 3 + c]);
            }
        }
    }
}
