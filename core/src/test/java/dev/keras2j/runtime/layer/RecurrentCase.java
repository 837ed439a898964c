package dev.keras2j.runtime.layer;

import dev.keras2j.reference.NpzReader;

import com.google.gson.Gson;
import dev.keras2j.model.InputSpec;
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

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One Keras reference case from {@code src/test/resources/recurrent} (made by its generate.py): the
 * layers' Keras 3 configs, their weights, the input and every layer's Keras output. The model is built
 * by hand here, as the dialect reader would, so the runtime can be tested on its own.
 */
record RecurrentCase(String name, int kerasMajor, List<LayerConfig> layers, Map<String, NdArray> arrays) {
    static Path dir() {
        try {
            return Path.of(RecurrentCase.class.getResource("/recurrent/generate.py").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList().stream();
        }
    }

    @SuppressWarnings("unchecked")
    static RecurrentCase load(String name) throws IOException {
        Map<String, Object> meta = new Gson().fromJson(Files.readString(dir().resolve(name + ".json")), Map.class);
        int major = ((Number) meta.get("keras_major")).intValue();
        List<LayerConfig> layers = new ArrayList<>();
        for (Object l : (List<Object>) meta.get("layers")) {
            layers.add(layerConfig((Map<String, Object>) l, major));
        }
        return new RecurrentCase(name, major, layers, NpzReader.read(dir().resolve(name + ".npz")));
    }

    /** A Keras 3 {@code {"class_name", "config"}} object as the dialect reader hands it over. */
    @SuppressWarnings("unchecked")
    static LayerConfig layerConfig(Map<String, Object> serialized, int major) {
        Map<String, Object> config = new LinkedHashMap<>((Map<String, Object>) serialized.get("config"));
        for (String key : List.of("layer", "backward_layer")) {
            if (config.get(key) instanceof Map<?, ?> inner) {
                config.put(key, layerConfig((Map<String, Object>) inner, major));
            }
        }
        return new LayerConfig((String) serialized.get("class_name"), (String) config.get("name"), config, major);
    }

    NdArray input() {
        return arrays.get("input");
    }

    NdArray expected(String layer) {
        return arrays.get("layer/" + layer);
    }

    ModelSpec modelSpec() {
        List<LayerNode> nodes = new ArrayList<>();
        Map<String, List<NdArray>> weights = new LinkedHashMap<>();
        String previous = "input";
        for (LayerConfig c : layers) {
            nodes.add(new LayerNode(LayerSpecs.create(c), List.of(previous)));
            List<NdArray> w = new ArrayList<>();
            for (int i = 0; arrays.containsKey("weights/" + c.name() + "/" + i); i++) {
                w.add(arrays.get("weights/" + c.name() + "/" + i));
            }
            weights.put(c.name(), w);
            previous = c.name();
        }
        Shape inputShape = Shape.ofExample(input());
        return new ModelSpec(name, ModelFormat.KERAS, kerasMajor + ".0.0", "tensorflow", "Sequential",
                List.of(new InputSpec("input", inputShape, "float32")), nodes, TensorRef.list(previous), weights);
    }

    RuntimeModel runtime() {
        return RuntimeModel.compile(ModelChecker.check(modelSpec()));
    }
}
