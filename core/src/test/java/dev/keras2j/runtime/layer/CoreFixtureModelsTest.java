package dev.keras2j.runtime.layer;

import com.google.gson.Gson;
import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerNode;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.Weight;
import dev.keras2j.model.WeightSlot;
import dev.keras2j.model.layer.LayerSpecs;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayers;
import dev.keras2j.testing.TestNpz;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository's Keras fixtures ({@code fixtures/models/<case>}) that are Sequential models of core layers
 * only, run layer by layer without the model reader: each layer's config comes from the architecture JSON,
 * its weights from {@code <case>.weights.h5} ({@code layers/<name>/vars/<i>}), its input from the previous
 * layer's Keras output in the npz, and its output must match Keras's {@code layer/<name>}.
 */
class CoreFixtureModelsTest {
    private static final Set<String> CORE = Set.of("Dense", "Activation", "LeakyReLU", "ELU", "ReLU", "Softmax",
            "PReLU", "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise",
            "GaussianDropout", "AlphaDropout", "ActivityRegularization", "Flatten", "Reshape", "Permute",
            "RepeatVector", "BatchNormalization", "LayerNormalization", "UnitNormalization");

    static Path models() {
        String root = System.getProperty("keras2j.root");
        if (root != null && Files.isDirectory(Path.of(root, "fixtures", "models"))) {
            return Path.of(root, "fixtures", "models");
        }
        // Until the fixtures are merged into this branch, read the main checkout's.
        return Path.of("/work/main/fixtures/models");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> layers(Path caseDir) throws IOException {
        Path json = caseDir.resolve(caseDir.getFileName() + ".json");
        if (!Files.exists(json) || !Files.exists(caseDir.resolve(caseDir.getFileName() + ".weights.h5"))
                || !Files.exists(caseDir.resolve(caseDir.getFileName() + ".npz"))) {
            return null;
        }
        Map<String, Object> model;
        try (Reader r = Files.newBufferedReader(json)) {
            model = new Gson().fromJson(r, Map.class);
        }
        if (!"Sequential".equals(model.get("class_name"))) {
            return null;
        }
        List<Map<String, Object>> layers = (List<Map<String, Object>>) ((Map<String, Object>) model.get("config")).get("layers");
        return layers;
    }

    static Stream<String> coreCases() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(models())) {
            for (Path d : dirs.sorted().toList()) {
                List<Map<String, Object>> layers = layers(d);
                if (layers != null && layers.stream().allMatch(
                        l -> l.get("class_name").equals("InputLayer") || CORE.contains(l.get("class_name")))) {
                    out.add(d.getFileName().toString());
                }
            }
        }
        assertThat(out).as("core fixture cases under " + models()).isNotEmpty();
        return out.stream();
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest(name = "{0}")
    @MethodSource("coreCases")
    void everyLayerMatchesKeras(String name) throws IOException {
        Path dir = models().resolve(name);
        Map<String, TestNpz.Entry> npz = TestNpz.read(dir.resolve(name + ".npz"));
        NdArray x = npz.get("input").toNdArray();
        try (HdfFile h5 = new HdfFile(dir.resolve(name + ".weights.h5"))) {
            for (Map<String, Object> l : layers(dir)) {
                String cls = (String) l.get("class_name");
                if (cls.equals("InputLayer")) {
                    continue;
                }
                Map<String, Object> options = (Map<String, Object>) l.get("config");
                String layerName = (String) options.get("name");
                LayerSpec spec = LayerSpecs.create(new LayerConfig(cls, layerName, options, 3));
                Shape in = Shape.ofExample(x);
                Shape out = spec.outputShape(List.of(in));
                List<Weight> weights = new ArrayList<>();
                List<WeightSlot> slots = spec.weightSlots(List.of(in));
                for (int i = 0; i < slots.size(); i++) {
                    Dataset d = h5.getDatasetByPath("layers/" + layerName + "/vars/" + i);
                    NdArray w = NdArray.of((float[]) d.getDataFlat(), d.getDimensions());
                    assertThat(slots.get(i).matches(w)).as("%s slot %s vs %s", layerName, slots.get(i), w).isTrue();
                    weights.add(new Weight(slots.get(i).name(), w));
                }
                CheckedLayer checked = new CheckedLayer(new LayerNode(spec, List.of("in")), List.of(in), out, weights);
                NdArray y = RuntimeLayers.create(checked).forward(MaskedArray.of(x)).values();
                NdArray expected = npz.get("layer/" + layerName).toNdArray();
                assertThat(Shape.ofExample(expected)).isEqualTo(out);
                CoreLayerCasesTest.assertClose(y, expected);
                x = expected;
            }
        }
    }
}
