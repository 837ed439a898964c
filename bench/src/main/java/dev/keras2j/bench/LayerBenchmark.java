package dev.keras2j.bench;

import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.InputSpec;
import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerNode;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.ModelFormat;
import dev.keras2j.model.ModelSpec;
import dev.keras2j.model.TensorRef;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.WeightSlot;
import dev.keras2j.model.layer.LayerSpecs;
import dev.keras2j.runtime.RuntimeModel;
import dev.keras2j.runtime.kernel.Parallelism;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One layer as a one-layer model with random weights: a 3×3 convolution (64×64×32 → 32 filters, the
 * heaviest layer of the benchmark CNN), and LSTM / GRU layers of 256 units over 50 steps of 64 features
 * (the per-step recurrent multiply dominates at small batches).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LayerBenchmark {
    @Param({"conv2d", "lstm", "gru"})
    String layer;

    @Param({"1", "32"})
    int batch;

    @Param({"2"})
    int threads;

    /** Conv2D only: {@code size×size×channels → filters}, 3×3, same padding. */
    @Param({"64"})
    int size;

    @Param({"32"})
    int channels;

    @Param({"32"})
    int filters;

    RuntimeModel model;
    NdArray input;

    @Setup(Level.Trial)
    public void setUp() {
        Parallelism.setThreads(threads);
        Map<String, Object> options = new LinkedHashMap<>();
        String cls;
        Shape in;
        switch (layer) {
            case "conv2d" -> {
                cls = "Conv2D";
                options.put("filters", filters);
                options.put("kernel_size", List.of(3, 3));
                options.put("padding", "same");
                options.put("activation", "relu");
                in = Shape.of(size, size, channels);
            }
            case "lstm", "gru" -> {
                cls = layer.equals("lstm") ? "LSTM" : "GRU";
                options.put("units", 256);
                options.put("return_sequences", true);
                in = Shape.of(50, 64);
            }
            default -> throw new IllegalArgumentException(layer);
        }
        options.put("name", "layer");
        LayerConfig config = new LayerConfig(cls, "layer", options, 3);
        LayerSpec spec = LayerSpecs.create(config);
        Random r = new Random(7);
        List<NdArray> weights = new ArrayList<>();
        for (WeightSlot slot : spec.weightSlots(List.of(in))) {
            weights.add(GemmBenchmark.randomArray(r, slot.shape(), 0.1f));
        }
        ModelSpec spec1 = new ModelSpec(layer, ModelFormat.JSON, "3.15.1", "tensorflow", "Sequential",
                List.of(new InputSpec("input", in, "float32")), List.of(new LayerNode(spec, List.of("input"))),
                TensorRef.list("layer"), Map.of("layer", weights));
        CheckedModel checked = ModelChecker.check(spec1);
        model = RuntimeModel.compile(checked);
        input = GemmBenchmark.randomArray(r, in.withBatch(batch), 1f);
    }

    @Benchmark
    public NdArray predict() {
        return model.predict(input);
    }
}
