package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.WeightSlot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code Bidirectional}: runs a recurrent layer forward and a copy of it backward over the same input
 * and merges the two outputs. The backward layer's sequence output (processing order) is reversed back
 * into time order before merging. As in Keras, both layers output zeros at masked steps when they return
 * sequences ({@code zero_output_for_mask} is forced to {@code return_sequences}).
 *
 * <p>Weights: the forward layer's slots, then the backward layer's, named {@code forward_<slot>} and
 * {@code backward_<slot>}. {@code merge_mode=None} is refused: it returns two outputs.
 */
public final class BidirectionalSpec extends LayerSpec {
    /** How the two directions are combined. */
    public enum MergeMode {
        /** Forward then backward features along the last axis. */
        CONCAT,
        /** Element-wise sum. */
        SUM,
        /** Element-wise product. */
        MUL,
        /** Element-wise mean, {@code (f + b) / 2}. */
        AVE
    }

    private final RecurrentSpec forward;
    private final RecurrentSpec backward;
    private final MergeMode mergeMode;

    public BidirectionalSpec(LayerConfig config) {
        super(config);
        if (config.options().containsKey("merge_mode") && config.raw("merge_mode") == null) {
            throw refuse("merge_mode is None: the layer then returns two separate outputs, which a"
                    + " single-chain model cannot consume");
        }
        String mode = config.string("merge_mode", "concat");
        try {
            this.mergeMode = MergeMode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw refuse("merge_mode '" + mode + "' is not one of concat, sum, mul, ave");
        }
        LayerConfig inner = config.nested("layer");
        this.forward = recurrent(inner);
        if (config.raw("backward_layer") instanceof LayerConfig b) {
            this.backward = recurrent(b);
        } else {
            // Keras 3 builds the backward copy with go_backwards=True; Keras 2 with the opposite of the
            // forward layer's. Both give "not forward" for every layer Keras accepts.
            Map<String, Object> options = new LinkedHashMap<>(inner.options());
            options.put("go_backwards", !forward.goBackwards());
            this.backward = recurrent(new LayerConfig(inner.className(), "backward_" + inner.name(), options,
                    inner.kerasMajorVersion()));
        }
        if (forward.goBackwards() == backward.goBackwards()) {
            throw refuse("forward and backward layers both have go_backwards=" + forward.goBackwards());
        }
        if (forward.returnSequences() != backward.returnSequences()) {
            throw refuse("forward and backward layers disagree on return_sequences");
        }
        if (config.bool("stateful", false)) {
            unsupported("option 'stateful' is true: state carried between predict calls cannot be reproduced");
        }
    }

    private RecurrentSpec recurrent(LayerConfig inner) {
        LayerSpec spec = LayerSpecs.create(inner);
        if (spec instanceof RecurrentSpec r) {
            return r;
        }
        throw refuse("wraps " + spec.describe() + "; only SimpleRNN, LSTM and GRU are supported inside Bidirectional");
    }

    /** The layer run in time order (Keras's {@code forward_layer}). */
    public RecurrentSpec forward() {
        return forward;
    }

    /** The layer run in reverse time order (Keras's {@code backward_layer}). */
    public RecurrentSpec backward() {
        return backward;
    }

    public MergeMode mergeMode() {
        return mergeMode;
    }

    /** Whether the output has a time axis. */
    public boolean returnSequences() {
        return forward.returnSequences();
    }

    /** Keras forces both directions to output zeros at masked steps exactly when they return sequences. */
    public boolean zeroOutputForMask() {
        return forward.returnSequences();
    }

    @Override
    protected Shape outputShape(Shape input) {
        Shape f = forward.outputShape(List.of(input));
        Shape b = backward.outputShape(List.of(input));
        if (!f.equals(b)) {
            throw check("forward output " + f.toKerasString() + " and backward output " + b.toKerasString() + " differ");
        }
        return mergeMode == MergeMode.CONCAT ? f.with(-1, f.last() == Shape.UNKNOWN ? Shape.UNKNOWN : Math.multiplyExact(f.last(), 2)) : f;
    }

    @Override
    protected List<WeightSlot> weightSlots(Shape input) {
        List<WeightSlot> slots = new ArrayList<>();
        for (WeightSlot s : forward.weightSlots(List.of(input))) {
            slots.add(new WeightSlot("forward_" + s.name(), s.shape()));
        }
        for (WeightSlot s : backward.weightSlots(List.of(input))) {
            slots.add(new WeightSlot("backward_" + s.name(), s.shape()));
        }
        return slots;
    }

    @Override
    public String weightMismatch(WeightSlot slot, NdArray actual, List<Shape> inputs) {
        boolean isForward = slot.name().startsWith("forward_");
        RecurrentSpec layer = isForward ? forward : backward;
        String name = slot.name().substring(isForward ? "forward_".length() : "backward_".length());
        return (isForward ? "forward " : "backward ") + layer.weightMismatch(new WeightSlot(name, slot.shape()), actual, inputs);
    }

    @Override
    public String unsupportedReason() {
        String own = super.unsupportedReason();
        if (own != null) {
            return own;
        }
        String r = forward.unsupportedReason();
        return r != null ? r : backward.unsupportedReason();
    }
}
