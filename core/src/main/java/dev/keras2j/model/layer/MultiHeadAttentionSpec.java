package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;
import dev.keras2j.model.WeightSlot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code MultiHeadAttention}: inputs are {@code [query, value]} or {@code [query, value, key]} (key defaults
 * to value). Query, key and value are projected per head by EinsumDense layers named {@code query},
 * {@code key}, {@code value} (kernel {@code (dim, num_heads, key_dim|value_dim)}, bias {@code (num_heads, dim)}),
 * the query scaled by {@code 1/sqrt(key_dim)}, scores softmaxed over the key positions, and the per-head
 * results combined by {@code attention_output} (kernel {@code (num_heads, value_dim, *output_shape)}). Weights
 * come in that order. The attention runs over {@code attention_axes} (by default every axis between batch and
 * features); the other position axes are batch axes. The call option {@code return_attention_scores} adds the
 * scores as a second output. {@code use_gate} and {@code sliding_window} are refused. {@code dropout} is the
 * identity at inference.
 */
public final class MultiHeadAttentionSpec extends LayerSpec {
    private final int numHeads;
    private final int keyDim;
    private final int valueDim;
    private final boolean useBias;
    private final int[] outputDims;
    private final double dropout;

    public MultiHeadAttentionSpec(LayerConfig config) {
        super(config);
        this.numHeads = config.requiredInt("num_heads");
        this.keyDim = config.requiredInt("key_dim");
        this.valueDim = config.raw("value_dim") == null ? keyDim : config.integer("value_dim", keyDim);
        if (numHeads <= 0 || keyDim <= 0 || valueDim <= 0) {
            throw check("num_heads, key_dim and value_dim must be positive");
        }
        this.useBias = config.bool("use_bias", true);
        this.dropout = config.number("dropout", 0.0);
        Object os = config.raw("output_shape");
        this.outputDims = os == null ? null : os instanceof Number n ? new int[] {n.intValue()} : config.intList("output_shape");
        if (config.bool("use_gate", false)) {
            throw refuse("option 'use_gate' is not supported by keras2j");
        }
        if (config.raw("sliding_window") != null) {
            throw refuse("option 'sliding_window' is not supported by keras2j");
        }
    }

    public int numHeads() {
        return numHeads;
    }

    public int keyDim() {
        return keyDim;
    }

    public int valueDim() {
        return valueDim;
    }

    /** The dropout rate: the identity at inference, but it selects Keras's attention code path. */
    public double dropout() {
        return dropout;
    }

    public boolean useBias() {
        return useBias;
    }

    /** The features of each output position: {@code output_shape}, or the query's last axis. */
    public int[] outputDims(Shape query) {
        return outputDims == null ? new int[] {query.last()} : outputDims.clone();
    }

    /**
     * Keras's {@code attention_axes} resolved as {@code _build_attention} does against the projected rank
     * (batch, positions..., heads, dim): axes of the input with batch, in the order given (the order of the
     * attention scores' axes). The default is every position axis.
     *
     * @param inputRank the input's rank without the batch axis
     */
    public int[] attentionAxes(int inputRank) {
        Object raw = config().raw("attention_axes");
        int positions = inputRank - 1;
        if (raw == null) {
            int[] all = new int[positions];
            for (int i = 0; i < positions; i++) {
                all[i] = i + 1;
            }
            return all;
        }
        int projectedRank = inputRank + 2; // batch + positions + heads + dim
        int[] axes = raw instanceof Number n ? new int[] {n.intValue()} : config().intList("attention_axes");
        if (axes.length == 0) {
            throw refuse("attention_axes [] (attention over no axis) is not supported by keras2j");
        }
        int[] resolved = Arrays.stream(axes).map(a -> a >= 0 ? a : (projectedRank - 1) + a).toArray();
        for (int a : resolved) {
            if (a < 1 || a > positions) {
                throw refuse("attention_axes " + Arrays.toString(axes) + " reach beyond the position axes 1.."
                        + positions + " of the inputs (Keras would attend over the batch, the heads or the "
                        + "features), which keras2j does not support");
            }
        }
        if (Arrays.stream(resolved).distinct().count() != resolved.length) {
            throw check("attention_axes " + Arrays.toString(axes) + " name an axis twice");
        }
        return resolved;
    }

    /** Whether a call also returns the attention scores. */
    public static boolean returnsScores(Map<String, Object> callOptions) {
        return Boolean.TRUE.equals(callOptions.get("return_attention_scores"));
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        return List.of(outputShape(inputs));
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs, Map<String, Object> callOptions) {
        Shape out = outputShape(inputs);
        if (!returnsScores(callOptions)) {
            return List.of(out);
        }
        return List.of(out, scoresShape(inputs.get(0), inputs.size() == 3 ? inputs.get(2) : inputs.get(1)));
    }

    /**
     * The attention scores' shape, as Keras's einsum {@code _dot_product_equation} lays them out: batch, the
     * query's non-attention position axes, heads, the query's attention axes, the key's attention axes (Keras's
     * symbolic shape, {@code (batch, heads, Tq, Tq)}, is wrong for cross-attention; this is the computed one).
     */
    public Shape scoresShape(Shape query, Shape key) {
        int[] axes = attentionAxes(query.rank());
        List<Integer> dims = new ArrayList<>();
        for (int a = 1; a < query.rank(); a++) {
            final int axis = a;
            if (Arrays.stream(axes).noneMatch(x -> x == axis)) {
                dims.add(query.dim(a - 1));
            }
        }
        dims.add(numHeads);
        for (int a : axes) {
            dims.add(query.dim(a - 1));
        }
        for (int a : axes) {
            dims.add(key.dim(a - 1));
        }
        return Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        if (inputs.size() != 2 && inputs.size() != 3) {
            throw check("takes query, value and optionally key, got " + inputs.size() + " inputs");
        }
        Shape q = inputs.get(0);
        Shape v = inputs.get(1);
        Shape k = inputs.size() == 3 ? inputs.get(2) : v;
        if (q.rank() < 2 || v.rank() < 2 || k.rank() < 2) {
            throw check("query, value and key need positions and features (rank 3 or more with batch)");
        }
        if (v.rank() != k.rank() || !Arrays.equals(Arrays.copyOf(v.dims(), v.rank() - 1), Arrays.copyOf(k.dims(), k.rank() - 1))) {
            throw check("value " + v.toKerasString() + " and key " + k.toKerasString() + " differ before the last axis");
        }
        if (q.rank() != v.rank()) {
            throw refuse("query " + q.toKerasString() + " and value " + v.toKerasString() + " of different ranks");
        }
        for (Shape s : List.of(q, v, k)) {
            if (s.last() == Shape.UNKNOWN) {
                throw check("input " + s.toKerasString() + " has an unknown feature size");
            }
        }
        int[] axes = attentionAxes(q.rank());
        for (int a = 1; a < q.rank(); a++) {
            final int axis = a;
            boolean attended = Arrays.stream(axes).anyMatch(x -> x == axis);
            if (!attended && q.dim(a - 1) != k.dim(a - 1)) {
                throw check("query " + q.toKerasString() + " and key " + k.toKerasString() + " differ on axis " + a
                        + ", which is not an attention axis (attention_axes " + Arrays.toString(axes) + ")");
            }
        }
        int[] d = q.dims();
        int[] out = Arrays.copyOf(d, d.length - 1 + outputDims(q).length);
        System.arraycopy(outputDims(q), 0, out, d.length - 1, outputDims(q).length);
        return Shape.of(out);
    }

    @Override
    protected Shape outputShape(Shape input) {
        throw check("takes query and value, got one input");
    }

    @Override
    public List<WeightSlot> weightSlots(List<Shape> inputs) {
        Shape q = inputs.get(0);
        Shape v = inputs.get(1);
        Shape k = inputs.size() == 3 ? inputs.get(2) : v;
        List<WeightSlot> slots = new ArrayList<>(8);
        projection(slots, "query", q.last(), keyDim);
        projection(slots, "key", k.last(), keyDim);
        projection(slots, "value", v.last(), valueDim);
        int[] o = outputDims(q);
        int[] kernel = new int[2 + o.length];
        kernel[0] = numHeads;
        kernel[1] = valueDim;
        System.arraycopy(o, 0, kernel, 2, o.length);
        slots.add(new WeightSlot("attention_output/kernel", kernel));
        if (useBias) {
            slots.add(new WeightSlot("attention_output/bias", o));
        }
        return slots;
    }

    private void projection(List<WeightSlot> slots, String name, int features, int dim) {
        slots.add(new WeightSlot(name + "/kernel", new int[] {features, numHeads, dim}));
        if (useBias) {
            slots.add(new WeightSlot(name + "/bias", new int[] {numHeads, dim}));
        }
    }
}
