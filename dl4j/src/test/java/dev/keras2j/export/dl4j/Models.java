package dev.keras2j.export.dl4j;

import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.InputSpec;
import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerNode;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.ModelFormat;
import dev.keras2j.model.ModelSpec;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.layer.LayerSpecs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Builds small checked chains by hand, with random weights, for tests that do not need a Keras file. */
final class Models {
    private final List<LayerNode> layers = new ArrayList<>();
    private final Map<String, List<NdArray>> weights = new LinkedHashMap<>();
    private final Shape input;
    private final Random random;
    private final int kerasMajor;
    private String previous = "input";
    private Shape current;
    private final Map<String, Shape> shapes = new java.util.HashMap<>();

    private Models(Shape input, long seed, int kerasMajor) {
        this.input = input;
        this.random = new Random(seed);
        this.kerasMajor = kerasMajor;
        this.current = input;
        shapes.put("input", input);
    }

    static Models chain(long seed, int... inputShape) {
        return new Models(Shape.of(inputShape), seed, 3);
    }

    /** A chain read as if written by Keras {@code kerasMajor} (decides e.g. hard_sigmoid's definition). */
    static Models chainFromKeras(int kerasMajor, long seed, int... inputShape) {
        return new Models(Shape.of(inputShape), seed, kerasMajor);
    }

    /** Adds a layer reading the previous one; its weights get random values of the shapes its spec asks for. */
    Models layer(String className, String name, Map<String, Object> options) {
        return node(className, name, options, previous);
    }

    /** Adds a layer reading the named layers (or "input"), making a graph. */
    Models node(String className, String name, Map<String, Object> options, String... inbound) {
        LayerNode node = new LayerNode(LayerSpecs.create(new LayerConfig(className, name, options, kerasMajor)),
                List.of(inbound));
        layers.add(node);
        List<Shape> inShapes = new ArrayList<>();
        for (String in : inbound) {
            inShapes.add(shapes.get(in));
        }
        List<NdArray> w = new ArrayList<>();
        for (var slot : node.spec().weightSlots(inShapes)) {
            NdArray a = NdArray.zeros(slot.shape());
            float[] d = a.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) random.nextGaussian() * 0.5f;
            }
            w.add(a);
        }
        weights.put(name, w);
        current = node.spec().outputShape(inShapes);
        shapes.put(name, current);
        previous = name;
        return this;
    }

    private ModelSpec spec(List<String> outputs) {
        return new ModelSpec("test", ModelFormat.JSON, kerasMajor + ".0.0", null, "Sequential",
                List.of(new InputSpec("input", input, "float32")), layers, dev.keras2j.model.TensorRef.list(outputs), weights);
    }

    CheckedModel build() {
        return ModelChecker.check(spec(List.of(previous)));
    }

    NdArray randomInput(int batch) {
        NdArray a = NdArray.zeros(input.withBatch(batch));
        float[] d = a.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) random.nextGaussian();
        }
        return a;
    }
}
