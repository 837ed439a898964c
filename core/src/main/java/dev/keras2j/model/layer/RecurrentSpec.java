package dev.keras2j.model.layer;

import dev.keras2j.model.ActivationSpec;
import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.WeightSlot;

import java.util.ArrayList;
import java.util.List;

/**
 * The options shared by Keras's recurrent layers ({@code SimpleRNN}, {@code LSTM}, {@code GRU}): a cell
 * applied along the time axis of a {@code (time, features)} input.
 *
 * <p>Weights are stored as Keras 3 stores them on the cell: {@code kernel [features, gates*units]},
 * {@code recurrent_kernel [units, gates*units]} and, with {@code use_bias}, {@code bias}; the gate blocks
 * are laid side by side along the last axis in the order of {@link #gateOrder()}.
 *
 * <p>Refused: {@code stateful=True} (Keras carries the state from one predict call to the next, which a
 * stateless runtime cannot reproduce), {@code time_major=True} (tf.keras option that swaps the batch
 * and time axes). Accepted because they do not change inference results: {@code dropout} and
 * {@code recurrent_dropout} (identity at inference), {@code unroll} (the same recurrence, computed
 * step by step), {@code implementation} and {@code use_cudnn} (the same math on other kernels).
 *
 * <p>States: a call may pass the initial states as further inputs after the sequence (Keras's
 * {@code initial_state}: {@code [h, c]} for LSTM, {@code [h]} otherwise, each {@code (units)}); with
 * {@code return_state} the layer's outputs are its output followed by its final states in that order.
 */
public abstract class RecurrentSpec extends LayerSpec {
    private final int units;
    private final ActivationSpec activation;
    private final boolean useBias;
    private final boolean returnSequences;
    private final boolean returnState;
    private final boolean goBackwards;
    private final boolean unroll;
    private final boolean zeroOutputForMask;
    private final double dropout;
    private final double recurrentDropout;

    protected RecurrentSpec(LayerConfig config) {
        super(config);
        this.units = config.requiredInt("units");
        if (units <= 0) {
            throw refuse("units is " + units + ", expected a positive integer");
        }
        this.activation = ActivationSpec.parse(config.options().containsKey("activation")
                ? config.raw("activation") : "tanh", config.kerasMajorVersion(), config);
        if (!activation.elementwise()) {
            throw refuse("activation '" + activation.kerasName() + "' inside a recurrent cell is not supported");
        }
        this.useBias = config.bool("use_bias", true);
        this.returnSequences = config.bool("return_sequences", false);
        this.returnState = config.bool("return_state", false);
        this.goBackwards = config.bool("go_backwards", false);
        this.unroll = config.bool("unroll", false);
        this.zeroOutputForMask = config.bool("zero_output_for_mask", false);
        this.dropout = config.number("dropout", 0.0);
        this.recurrentDropout = config.number("recurrent_dropout", 0.0);
        if (config.bool("stateful", false)) {
            unsupported("option 'stateful' is true: Keras carries the state over between predict calls, "
                    + "which keras2j's stateless runtime cannot reproduce");
        }
        if (config.bool("time_major", false)) {
            unsupported("option 'time_major' is true: time-major inputs (time before batch) are not supported");
        }
        if (config.has("cell")) {
            throw refuse("option 'cell' is set: custom cells are not supported");
        }
    }

    /** Number of units: the size of the state and of each step's output. */
    public int units() {
        return units;
    }

    /** The cell's output activation ({@code tanh} by default). */
    public ActivationSpec activation() {
        return activation;
    }

    /** Whether the cell adds {@code bias}. */
    public boolean useBias() {
        return useBias;
    }

    /** True: output every step {@code (time, units)}; false: only the last step {@code (units)}. */
    public boolean returnSequences() {
        return returnSequences;
    }

    /** Whether the layer's outputs include its final states after its output. */
    public boolean returnState() {
        return returnState;
    }

    /** Number of state tensors the cell carries: 2 for LSTM ({@code h}, {@code c}), else 1 ({@code h}). */
    public int stateCount() {
        return 1;
    }

    /**
     * Whether the sequence is processed from its last step to its first. Keras then returns the step
     * outputs in processing order, i.e. reversed in time.
     */
    public boolean goBackwards() {
        return goBackwards;
    }

    /** Keras's {@code unroll}; the result is the same either way. */
    public boolean unroll() {
        return unroll;
    }

    /**
     * Whether a masked step outputs zeros (true) or repeats the previous step's output (false, Keras's
     * default). {@code Bidirectional} overrides it with its {@code return_sequences}.
     */
    public boolean zeroOutputForMask() {
        return zeroOutputForMask;
    }

    /** Input dropout rate, used only in training: identity here. */
    public double dropout() {
        return dropout;
    }

    /** Recurrent dropout rate, used only in training: identity here. */
    public double recurrentDropout() {
        return recurrentDropout;
    }

    /** Number of gate blocks in the kernels: 1 (SimpleRNN), 4 (LSTM), 3 (GRU). */
    public abstract int gates();

    /** Names of the gate blocks in kernel column order, e.g. {@code i, f, c, o} for LSTM. */
    public abstract List<String> gateOrder();

    /** The shape of {@code bias} when {@link #useBias()}. */
    protected int[] biasShape() {
        return new int[] {Math.multiplyExact(gates(), units)};
    }

    /** The number of input features, checked. */
    public int inputFeatures(Shape input) {
        if (input.rank() != 2) {
            throw check("expects a (time, features) input but receives " + input.toKerasString());
        }
        if (input.last() == Shape.UNKNOWN) {
            throw check("the input's feature axis is unknown in " + input.toKerasString());
        }
        return input.last();
    }

    @Override
    protected Shape outputShape(Shape input) {
        inputFeatures(input);
        return returnSequences ? Shape.of(input.dim(0), units) : Shape.of(units);
    }

    /** The sequence's output, after checking the initial states a call passes after it, if any. */
    @Override
    public Shape outputShape(List<Shape> inputs) {
        checkInitialStates(inputs.subList(Math.min(1, inputs.size()), inputs.size()), inputs.size());
        return outputShape(inputs.get(0));
    }

    /**
     * Checks the initial states a call passes: none, or {@link #stateCount()} tensors of shape
     * {@code (units)}. {@code received} counts every input, for the message.
     */
    public void checkInitialStates(List<Shape> states, int received) {
        if (received == 0) {
            throw check("receives no input");
        }
        if (!states.isEmpty() && states.size() != stateCount()) {
            throw check("receives " + received + " inputs: a sequence and " + states.size() + " initial states, but the"
                    + " layer has " + stateCount() + " state(s)");
        }
        for (Shape s : states) {
            if (!s.equals(Shape.of(units))) {
                throw check("an initial state of shape " + s.toKerasString() + " does not fit " + units + " units");
            }
        }
    }

    /** The output, then with {@code return_state} the {@link #stateCount()} final states, each {@code (units)}. */
    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape out = outputShape(inputs);
        if (!returnState) {
            return List.of(out);
        }
        List<Shape> shapes = new ArrayList<>();
        shapes.add(out);
        for (int i = 0; i < stateCount(); i++) {
            shapes.add(Shape.of(units));
        }
        return shapes;
    }

    /** The weights depend on the sequence only; initial states add none. */
    @Override
    public List<WeightSlot> weightSlots(List<Shape> inputs) {
        return weightSlots(inputs.get(0));
    }

    @Override
    protected List<WeightSlot> weightSlots(Shape input) {
        int features = inputFeatures(input);
        List<WeightSlot> slots = new ArrayList<>(3);
        slots.add(new WeightSlot("kernel", new int[] {features, Math.multiplyExact(gates(), units)}));
        slots.add(new WeightSlot("recurrent_kernel", new int[] {units, Math.multiplyExact(gates(), units)}));
        if (useBias) {
            slots.add(new WeightSlot("bias", biasShape()));
        }
        return slots;
    }

    @Override
    public String weightMismatch(WeightSlot slot, NdArray actual, List<Shape> inputs) {
        if (slot.name().equals("kernel") && actual.rank() == 2 && actual.dim(0) != inputs.get(0).last()) {
            return "kernel is " + actual.shapeString() + " but the input has " + inputs.get(0).last() + " features";
        }
        if (actual.rank() >= 1 && actual.dim(-1) != Math.multiplyExact(gates(), units)) {
            return slot.name() + " is " + actual.shapeString() + " but " + units + " units with " + gates()
                    + " gate(s) " + gateOrder() + " need " + gates() * units + " columns";
        }
        return super.weightMismatch(slot, actual, inputs);
    }
}
