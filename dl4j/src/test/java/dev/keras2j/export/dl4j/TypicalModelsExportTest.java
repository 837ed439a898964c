package dev.keras2j.export.dl4j;

import dev.keras2j.keras.KerasModelReader;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.UnsupportedModelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The typical small Keras 3 models of {@code fixtures/cases/dl4j.py} ({@code dl4j_*}): each is exported
 * from its {@code .keras} file, restored with plain DL4J and compared with Keras's output; the only
 * refusals are the models DL4J cannot compute (GRU, LayerNormalization, a channels_last image Reshape, a
 * graph that DL4J M2.1's ComputationGraph fails to run),
 * each refused with the layer and the reason. At least 25 of every 31 must export.
 */
class TypicalModelsExportTest {
    /** The typical models DL4J cannot compute exactly, with a substring of the expected refusal. */
    static final Map<String, String> REFUSED = Map.of(
            "dl4j_gru_classifier", "gru (GRU): DL4J has no GRU layer",
            "dl4j_bidirectional_gru", "LSTM or SimpleRNN",
            "dl4j_layernorm_mlp", "DL4J has no LayerNormalization layer",
            "dl4j_dcgan_generator", "(Reshape): output (None, 4, 4, 4): DL4J's ReshapeVertex declares images channels-first",
            "dl4j_functional_branches_1d", "max_pooling1d (MaxPooling1D): DL4J M2.1's ComputationGraph would run it"
                    + " right after conv1d (Conv1D), whose sequence format differs");

    @TempDir
    Path dir;

    @Test
    void typicalModelsExportExactlyOrAreRefusedForDl4jsMissingLayers() throws IOException {
        Path models = Fixtures.caseDir("dl4j_mlp").getParent();
        List<String> names;
        try (Stream<Path> s = Files.list(models)) {
            names = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("dl4j_")).sorted().toList();
        }
        assertThat(names).as("typical models").hasSizeGreaterThanOrEqualTo(31).containsAll(REFUSED.keySet());
        Map<String, String> outcomes = new TreeMap<>();
        int exported = 0;
        for (String name : names) {
            CheckedModel model = ModelChecker.check(KerasModelReader.read(
                    Fixtures.caseDir(name).resolve(name + ".keras"), null));
            Path zip = dir.resolve(name + ".zip");
            try {
                Dl4jExporter.export(model, zip, true);
            } catch (UnsupportedModelException e) {
                outcomes.put(name, "refused: " + e.getMessage());
                assertThat(REFUSED).as("%s refused: %s", name, e.getMessage()).containsKey(name);
                assertThat(e.getMessage()).as(name).contains(REFUSED.get(name));
                continue;
            }
            assertThat(REFUSED).as("%s exports but is listed as refused", name).doesNotContainKey(name);
            Map<String, NdArray> ref = Fixtures.npz(name);
            NdArray out = FixtureExportTest.Dl4jVerifierFree.run(zip, List.of(ref.get("input")));
            String diff = Fixtures.compare(out, ref.get("output"));
            outcomes.put(name, diff == null ? "exported, matches Keras" : "exported, MISMATCH: " + diff);
            assertThat(diff).as(name).isNull();
            exported++;
        }
        outcomes.forEach((k, v) -> System.out.println("DL4J-TYPICAL " + k + ": " + v));
        // At least 25 of every 31: everything but the GRUs and at most two others.
        assertThat(exported * 31).as("exported %d of %d", exported, names.size()).isGreaterThanOrEqualTo(25 * names.size());
    }
}
