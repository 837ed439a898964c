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
 * {@code backward_<slot>}.
 *
 * <p>Outputs, in Keras's order: the merged output, or with {@code merge_mode=None} the forward then the
 * (time-ordered) backward output; then with {@code return_state} the forward layer's final states and the
 * backward layer's. A call may pass initial states after the sequence: the forward layer's, then the
 * backward layer's (Keras splits {@code initial_state} in halves).
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
            this.mergeMode = null;
        } else {
            String mode = config.string("merge_mode", "concat");
            try {
                this.mergeMode = MergeMode.valueOf(mode.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw refuse("merge_mode '" + mode + "' is not one of concat, sum, mul, ave, None");
            }
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
        if (forward.returnState() != backward.returnState()) {
            throw refuse("forward and backward layers disagree on return_state");
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

    /** How the directions are merged, or {@code null} for {@code merge_mode=None} (two outputs). */
    public MergeMode mergeMode() {
        return mergeMode;
    }

    /** Whether the outputs include both directions' final states. */
    public boolean returnState() {
        return forward.returnState();
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

    /** The output, after checking the initial states a call passes after the sequence, if any. */
    @Override
    public Shape outputShape(List<Shape> inputs) {
        List<Shape> states = inputs.subList(Math.min(1, inputs.size()), inputs.size());
        if (!states.isEmpty()) {
            int half = forward.stateCount();
            if (states.size() != 2 * half) {
                throw check("receives " + states.size() + " initial states; the forward and backward layers take "
                        + half + " each");
            }
            forward.checkInitialStates(states.subList(0, half), inputs.size());
            backward.checkInitialStates(states.subList(half, 2 * half), inputs.size());
        }
        return outputShape(inputs.get(0));
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape out = outputShape(inputs);
        List<Shape> shapes = new ArrayList<>();
        shapes.add(out);
        if (mergeMode == null) {
            shapes.add(out);
        }
        if (returnState()) {
            for (int i = 0; i < forward.stateCount() + backward.stateCount(); i++) {
                shapes.add(Shape.of(forward.units()));
            }
        }
        return shapes;
    }

    @Override
    public List<WeightSlot> weightSlots(List<Shape> inputs) {
        return weightSlots(inputs.get(0));
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
