package dev.keras2j.testing;

import dev.keras2j.model.InputSpec;
import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerNode;
import dev.keras2j.model.ModelFormat;
import dev.keras2j.model.ModelSpec;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.TensorRef;
import dev.keras2j.model.layer.LayerSpecs;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only loader of a Sequential fixture from its Keras 3 architecture JSON and
 * {@code .weights.h5} ({@code layers/<name>/vars/<i>}), standing in for the model reader.
 */
public final class FixtureModel {
    private FixtureModel() {
    }

    /** The case's layer configs, in order, without the InputLayer. */
    @SuppressWarnings("unchecked")
    public static List<LayerConfig> layerConfigs(Path caseDir, String name) throws IOException {
        Map<String, Object> json = KerasJson.read(caseDir.resolve(name + ".json"));
        Map<String, Object> config = (Map<String, Object>) json.get("config");
        List<LayerConfig> out = new ArrayList<>();
        for (Object o : (List<Object>) config.get("layers")) {
            Map<String, Object> l = (Map<String, Object>) o;
            if (!"InputLayer".equals(l.get("class_name"))) {
                out.add(KerasJson.layer(l));
            }
        }
        return out;
    }

    /** The Sequential model of a fixture case, with its weights. */
    public static ModelSpec load(Path caseDir, String name, Shape input) throws IOException {
        List<LayerConfig> configs = layerConfigs(caseDir, name);
        List<LayerNode> nodes = new ArrayList<>();
        Map<String, List<NdArray>> weights = new LinkedHashMap<>();
        String previous = "input";
        try (HdfFile h5 = new HdfFile(caseDir.resolve(name + ".weights.h5"))) {
            for (LayerConfig c : configs) {
                nodes.add(new LayerNode(LayerSpecs.create(c), List.of(previous)));
                weights.put(c.name(), vars(h5, c.name()));
                previous = c.name();
            }
        }
        return new ModelSpec(name, ModelFormat.JSON, "3.15.1", null, "Sequential",
                List.of(new InputSpec("input", input, "float32")), nodes, TensorRef.list(previous), weights);
    }

    private static List<NdArray> vars(HdfFile h5, String layer) {
        List<NdArray> out = new ArrayList<>();
        Node node;
        try {
            node = h5.getByPath("layers/" + layer + "/vars");
        } catch (RuntimeException absent) {
            return out;
        }
        Map<String, Node> children = ((Group) node).getChildren();
        for (int i = 0; children.containsKey(Integer.toString(i)); i++) {
            Dataset d = (Dataset) children.get(Integer.toString(i));
            Object flat = d.getDataFlat();
            float[] data;
            if (flat instanceof float[] f) {
                data = f;
            } else if (flat instanceof double[] dd) {
                data = new float[dd.length];
                for (int k = 0; k < dd.length; k++) {
                    data[k] = (float) dd[k];
                }
            } else {
                throw new IllegalStateException(layer + " var " + i + " has unsupported type " + flat.getClass());
            }
            out.add(NdArray.of(data, d.getDimensions()));
        }
        return out;
    }

    public static boolean exists(Path caseDir, String name) {
        return Files.isRegularFile(caseDir.resolve(name + ".json"))
                && Files.isRegularFile(caseDir.resolve(name + ".weights.h5"))
                && Files.isRegularFile(caseDir.resolve(name + ".npz"));
    }
}
