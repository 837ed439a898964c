package dev.keras2j.keras;

import dev.keras2j.model.LayerCall;
import dev.keras2j.model.LayerNode;
import dev.keras2j.model.ModelScope;
import dev.keras2j.model.ModelSpec;
import dev.keras2j.model.TensorRef;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where each layer of a flattened nested model came from ({@link LayerNode#scope()}): the same from every
 * serialization, several levels deep, a shared nested model once with its call count.
 */
class NestedScopeTest {
    private static final Path MODELS = Path.of(System.getProperty("keras2j.root", "..")).resolve("fixtures/models");

    private static Map<String, List<ModelScope>> scopes(String name, String ext) {
        ModelSpec spec = KerasModelReader.read(MODELS.resolve(name + "/" + name + ext), null);
        Map<String, List<ModelScope>> out = new LinkedHashMap<>();
        for (LayerNode n : spec.layers()) {
            out.put(n.name(), n.scope());
        }
        return out;
    }

    @Test
    void twoLevelsDeepWithTheOuterOneSharedFromEveryFormat() {
        ModelScope encoder = new ModelScope("encoder", "Functional", 2);
        ModelScope projection = new ModelScope("projection", "Sequential", 1);
        for (String ext : new String[] {".keras", ".h5", ".json"}) {
            Map<String, List<ModelScope>> scopes = scopes("nested_two_levels_shared", ext);
            assertThat(scopes).as(ext).containsExactly(
                    Map.entry("enc_hidden", List.of(encoder)),
                    Map.entry("proj_hidden", List.of(encoder, projection)),
                    Map.entry("proj_out", List.of(encoder, projection)),
                    Map.entry("both", List.of()),
                    Map.entry("head", List.of()));
        }
    }

    @Test
    void aModelNestedInASequentialAndTheOtherWayRound() {
        for (String ext : new String[] {".keras", ".h5"}) {
            assertThat(scopes("nested_functional_in_sequential", ext)).as(ext).containsExactly(
                    Map.entry("block_dense1", List.of(new ModelScope("block", "Functional", 1))),
                    Map.entry("block_dense2", List.of(new ModelScope("block", "Functional", 1))),
                    Map.entry("top", List.of()));
            assertThat(scopes("nested_sequential_in_functional", ext).get("stem_bn")).as(ext)
                    .containsExactly(new ModelScope("stem", "Sequential", 1));
        }
    }

    @Test
    void aScopeMustFitTheLayersCalls() {
        LayerNode once = KerasModelReader.read(MODELS.resolve("dense_2d/dense_2d.h5"), null).layers().get(0);
        assertThat(once.scope()).isEmpty();
        // A nested model called twice gives each of its layers an even number of calls.
        assertThatThrownBy(() -> once.within(new ModelScope("tower", "Functional", 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("called 2 times");
        LayerCall call = once.calls().get(0);
        LayerNode twice = once.withCalls(List.of(call, new LayerCall(List.of(TensorRef.of("other")))))
                .within(new ModelScope("tower", "Functional", 2));
        assertThat(twice.scope()).containsExactly(new ModelScope("tower", "Functional", 2));
        assertThat(twice.withCalls(List.of(call, call)).scope()).isEqualTo(twice.scope());
        assertThatThrownBy(() -> new ModelScope(" ", "Functional", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ModelScope("tower", "Functional", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
