package dev.keras2j.runtime;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.InputSpec;
import dev.keras2j.model.Keras2jException;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.TensorRef;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.runtime.kernel.Parallelism;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checked model compiled to runtime layers and evaluated as its graph: each layer call reads the tensors
 * (model inputs or outputs of earlier calls) it names, in the checker's order. A shared layer is one
 * runtime layer that all its calls use. Immutable and safe to
 * call from many threads at once.
 */
public final class RuntimeModel {
    /** The most examples in one part of a batch run part by part (see {@link #predictAll}). */
    static final int EXAMPLES_PER_PART = 32;
    /** The fewest examples in one part: fewer are not worth a thread. */
    static final int MIN_EXAMPLES_PER_PART = 8;
    /** The most weight bytes for a model run part by part: half the shared L3 of a small server. */
    static final long PARTS_WEIGHT_BYTES = 16L << 20;
    /**
     * The fewest times an example uses each weight, on average, for a model run part by part: each part
     * reads every weight, which a model of Dense layers (one use per example) cannot amortize over a part.
     */
    static final int PARTS_MIN_REUSE = 4;

    private final CheckedModel model;
    /** The runtime layer of each step of {@link CheckedModel#steps()}; a shared layer's calls share one. */
    private final List<RuntimeLayer> stepLayers;
    private final boolean runsInParts;

    private RuntimeModel(CheckedModel model, List<RuntimeLayer> stepLayers) {
        this.model = model;
        this.stepLayers = List.copyOf(stepLayers);
        this.runsInParts = model.totalParams() * Float.BYTES <= PARTS_WEIGHT_BYTES
                && weightReuse(model) >= PARTS_MIN_REUSE;
    }

    /**
     * How many times an example uses each weight, on average over the weights: a layer uses its weights once
     * per position of its largest input or output (a pixel, a timestep; one for a vector). A length Keras
     * leaves open counts as {@link #PARTS_MIN_REUSE}.
     */
    static double weightReuse(CheckedModel model) {
        double uses = 0;
        long params = 0;
        for (CheckedModel.Step step : model.steps()) {
            CheckedLayer l = step.layer();
            double positions = 1;
            List<Shape> shapes = new ArrayList<>(step.call().inputShapes());
            shapes.addAll(step.call().outputShapes());
            for (Shape sh : shapes) {
                double p = 1;
                for (int i = 0; i < sh.rank() - 1; i++) {
                    p *= sh.dim(i) == Shape.UNKNOWN ? PARTS_MIN_REUSE : sh.dim(i);
                }
                positions = Math.max(positions, p);
            }
            uses += positions * l.params();
            if (step.call().index() == 0) {
                params += l.params();
            }
        }
        return params == 0 ? Double.POSITIVE_INFINITY : uses / params;
    }

    /**
     * Builds the runtime for a checked model.
     *
     * @throws UnsupportedModelException when any layer cannot be run exactly
     */
    public static RuntimeModel compile(CheckedModel model) {
        List<String> reasons = model.unsupportedReasons();
        if (!reasons.isEmpty()) {
            throw new UnsupportedModelException(reasons.get(0));
        }
        Map<String, RuntimeLayer> byLayer = new HashMap<>();
        for (CheckedLayer l : model.layers()) {
            byLayer.put(l.name(), RuntimeLayers.create(l));
        }
        List<RuntimeLayer> stepLayers = new ArrayList<>();
        for (CheckedModel.Step step : model.steps()) {
            stepLayers.add(byLayer.get(step.layer().name()));
        }
        return new RuntimeModel(model, stepLayers);
    }

    public CheckedModel model() {
        return model;
    }

    /** Runs a single-input model on a batch (batch axis first) and returns its first output. */
    public NdArray predict(NdArray input) {
        return predictAll(List.of(input)).get(0);
    }

    /**
     * Runs the model on one batch per model input and returns one batch per model output.
     *
     * <p>A large batch of a model whose weights fit in the shared cache, and are each used many times per
     * example (convolutions, recurrent layers), is cut into parts of
     * {@link #MIN_EXAMPLES_PER_PART} to {@link #EXAMPLES_PER_PART} examples, at least one part per kernel
     * thread, and each part runs through the
     * whole model on one thread: examples are independent and every kernel gives an example the same bits
     * whatever the batch around it, so the result is the one of a single piece, but the threads no longer
     * meet at every layer and every timestep, and each part's intermediate values stay in that core's
     * cache. Other models are left to the kernels' own split, where each thread reads half of the weights
     * instead of all of them once per part.
     */
    public List<NdArray> predictAll(List<NdArray> inputs) {
        int parts = parts(inputs);
        if (parts < 2) {
            return outputs(run(inputs, false));
        }
        int examples = inputs.get(0).dim(0);
        List<List<NdArray>> results = new ArrayList<>(java.util.Collections.nCopies(parts, null));
        int count = parts;
        Parallelism.forEachPart(parts, part -> {
            int from = (int) ((long) examples * part / count);
            int to = (int) ((long) examples * (part + 1) / count);
            List<NdArray> slices = new ArrayList<>(inputs.size());
            for (NdArray in : inputs) {
                slices.add(BatchSlices.slice(in, from, to));
            }
            results.set(part, outputs(run(slices, false)));
        });
        List<NdArray> out = new ArrayList<>();
        for (int i = 0; i < results.get(0).size(); i++) {
            List<NdArray> pieces = new ArrayList<>(parts);
            for (List<NdArray> r : results) {
                pieces.add(r.get(i));
            }
            out.add(BatchSlices.concat(pieces));
        }
        return out;
    }

    /** Into how many parts {@link #predictAll} cuts these inputs; below 2 it runs them in one piece. */
    int parts(List<NdArray> inputs) {
        int threads = Parallelism.threads();
        if (threads < 2 || inputs.isEmpty() || !runsInParts) {
            return 1;
        }
        int batch = inputs.get(0).rank() == 0 ? 0 : inputs.get(0).dim(0);
        for (NdArray in : inputs) {
            if (in.rank() == 0 || in.dim(0) != batch) {
                return 1;
            }
        }
        if (batch < threads * MIN_EXAMPLES_PER_PART) {
            return 1;
        }
        // A multiple of the thread count, so that the threads finish together on an idle machine.
        int perThread = threads * EXAMPLES_PER_PART;
        return threads * ((batch + perThread - 1) / perThread);
    }

    private List<NdArray> outputs(Map<TensorRef, MaskedArray> values) {
        List<NdArray> out = new ArrayList<>();
        for (TensorRef ref : model.spec().outputs()) {
            out.add(values.get(ref).values());
        }
        return out;
    }

    /**
     * Runs a single-input model and returns every layer's outputs, in evaluation order, keyed by
     * {@link TensorRef#key()}: the layer's name for a layer called once with one output.
     */
    public Map<String, NdArray> predictLayers(NdArray input) {
        return predictLayers(List.of(input));
    }

    /** {@link #predictLayers(NdArray)} for a model with any number of inputs. */
    public Map<String, NdArray> predictLayers(List<NdArray> inputs) {
        Map<TensorRef, MaskedArray> values = run(inputs, true);
        Map<String, NdArray> out = new LinkedHashMap<>();
        for (CheckedModel.Step step : model.steps()) {
            for (int t = 0; t < step.call().outputShapes().size(); t++) {
                TensorRef ref = step.output(t);
                out.put(ref.key(), values.get(ref).values());
            }
        }
        return out;
    }

    private Map<TensorRef, MaskedArray> run(List<NdArray> inputs, boolean keepAll) {
        List<InputSpec> specs = model.spec().inputs();
        if (inputs.size() != specs.size()) {
            throw new Keras2jException("the model has " + specs.size() + " inputs but " + inputs.size() + " were given");
        }
        Map<TensorRef, MaskedArray> values = new HashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            values.put(TensorRef.of(specs.get(i).name()), MaskedArray.of(checkInput(specs.get(i), inputs.get(i))));
        }
        Map<TensorRef, Integer> remainingReads = keepAll ? null : readCounts();
        List<CheckedModel.Step> steps = model.steps();
        for (int i = 0; i < steps.size(); i++) {
            CheckedModel.Step step = steps.get(i);
            List<TensorRef> inbound = step.call().call().inputs();
            List<MaskedArray> args = new ArrayList<>(inbound.size());
            for (TensorRef ref : inbound) {
                args.add(values.get(ref));
            }
            List<MaskedArray> outs = stepLayers.get(i).call(args, step.call().index());
            for (int t = 0; t < outs.size(); t++) {
                values.put(step.output(t), outs.get(t));
            }
            if (remainingReads != null) {
                // Drop intermediate results as soon as their last reader has run, to bound memory.
                for (TensorRef ref : inbound) {
                    if (remainingReads.merge(ref, -1, Integer::sum) == 0) {
                        values.remove(ref);
                    }
                }
                for (int t = 0; t < outs.size(); t++) {
                    if (!remainingReads.containsKey(step.output(t))) {
                        values.remove(step.output(t));
                    }
                }
            }
        }
        return values;
    }

    /** How many times each value is read by a layer call, with model outputs counted as one extra read. */
    private Map<TensorRef, Integer> readCounts() {
        Map<TensorRef, Integer> counts = new HashMap<>();
        for (CheckedModel.Step step : model.steps()) {
            for (TensorRef ref : step.call().call().inputs()) {
                counts.merge(ref, 1, Integer::sum);
            }
        }
        for (TensorRef out : model.spec().outputs()) {
            counts.merge(out, 1, Integer::sum);
        }
        return counts;
    }

    private static NdArray checkInput(InputSpec spec, NdArray input) {
        Shape expected = spec.shape();
        int[] actual = input.shape();
        boolean ok = actual.length == expected.rank() + 1;
        for (int i = 0; ok && i < expected.rank(); i++) {
            int d = expected.dim(i);
            ok = d == Shape.UNKNOWN || d == actual[i + 1];
        }
        if (!ok) {
            throw new Keras2jException("input '" + spec.name() + "' has shape " + input.shapeString()
                    + " but the model expects " + expected.toKerasString());
        }
        return input;
    }
}
