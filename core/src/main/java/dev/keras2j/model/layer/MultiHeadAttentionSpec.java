package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;
import dev.keras2j.model.WeightSlot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code MultiHeadAttention}: inputs are {@code [query, value]} or {@code [query, value, key]} (key defaults
 * to value). Query, key and value are projected per head by EinsumDense layers named {@code query},
 * {@code key}, {@code value} (kernel {@code (dim, num_heads, key_dim|value_dim)}, bias {@code (num_heads, dim)}),
 * the query scaled by {@code 1/sqrt(key_dim)}, scores softmaxed over the key positions, and the per-head
 * results combined by {@code attention_output} (kernel {@code (num_heads, value_dim, *output_shape)}). Weights
 * come in that order. The attention runs over every axis between batch and features (Keras's default
 * {@code attention_axes}); other {@code attention_axes}, {@code use_gate} and {@code sliding_window} are refused.
 * {@code dropout} is the identity at inference.
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

    /** Keras's attention_axes resolved against the projected rank (batch, positions..., heads, dim). */
    private void checkAttentionAxes(int inputRank) {
        Object raw = config().raw("attention_axes");
        if (raw == null) {
            return;
        }
        int projectedRank = inputRank + 2; // batch + positions + heads + dim
        int[] axes = raw instanceof Number n ? new int[] {n.intValue()} : config().intList("attention_axes");
        int[] resolved = Arrays.stream(axes).map(a -> a >= 0 ? a : (projectedRank - 1) + a).sorted().toArray();
        int[] defaults = new int[inputRank - 1];
        for (int i = 0; i < defaults.length; i++) {
            defaults[i] = i + 1;
        }
        if (!Arrays.equals(resolved, defaults)) {
            throw refuse("attention_axes " + Arrays.toString(axes) + " differs from the default (every axis between "
                    + "batch and features), which is the only one keras2j supports");
        }
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        return List.of(outputShape(inputs));
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
        checkAttentionAxes(q.rank());
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
