package dev.keras2j.model;

import java.util.List;

/**
 * A typed description of one Keras layer: it reads its options from a {@link LayerConfig}, computes its
 * output shape from its input shape, and says which weights (names and shapes) it needs. One subclass
 * per layer family, as in Keras itself.
 *
 * <p>Subclasses validate their options in the constructor and refuse, with an
 * {@link UnsupportedModelException}, any option keras2j cannot reproduce exactly.
 */
public abstract class LayerSpec {
    private final LayerConfig config;
    private String unsupportedReason;

    protected LayerSpec(LayerConfig config) {
        this.config = config;
    }

    public LayerConfig config() {
        return config;
    }

    public String name() {
        return config.name();
    }

    public String className() {
        return config.className();
    }

    /** {@code name (ClassName)}. */
    public String describe() {
        return config.describe();
    }

    /**
     * The output shape for the given input shapes. Single-input layers implement
     * {@link #outputShape(Shape)}; layers that merge several inputs override this.
     *
     * @throws ModelCheckException when the inputs do not fit the layer's options
     */
    public Shape outputShape(List<Shape> inputs) {
        if (inputs.size() != 1) {
            throw check("takes one input but receives " + inputs.size());
        }
        return outputShape(inputs.get(0));
    }

    /** The output shape for one input shape. */
    protected abstract Shape outputShape(Shape input);

    /**
     * The shapes of every output tensor of one call, in Keras's order. Most layers have one output and
     * need not override this; a layer with several (a recurrent layer with {@code return_state}) does.
     *
     * @throws ModelCheckException when the inputs do not fit the layer's options
     */
    public List<Shape> outputShapes(List<Shape> inputs) {
        return List.of(outputShape(inputs));
    }

    /**
     * The shapes of every output tensor of one call whose keyword arguments are {@code callOptions}. A layer
     * whose outputs depend on a call option (attention's {@code return_attention_scores}) overrides this;
     * the default ignores the options.
     *
     * @throws ModelCheckException when the inputs do not fit the layer's options
     */
    public List<Shape> outputShapes(List<Shape> inputs, java.util.Map<String, Object> callOptions) {
        return outputShapes(inputs);
    }

    /**
     * The weights the layer needs for this input shape, in the order Keras stores them. Their sizes add
     * up to Keras's {@code count_params()} for the layer.
     */
    public List<WeightSlot> weightSlots(List<Shape> inputs) {
        return inputs.size() == 1 ? weightSlots(inputs.get(0)) : List.of();
    }

    /** The weights for a single input shape; none by default. */
    protected List<WeightSlot> weightSlots(Shape input) {
        return List.of();
    }

    /**
     * Why the runtime cannot run this layer exactly, or {@code null} when it can. A layer with a reason
     * is still described by {@code inspect}.
     */
    public String unsupportedReason() {
        return unsupportedReason;
    }

    /**
     * Records, from a constructor, that the runtime cannot reproduce an option exactly while the layer can
     * still be described and shape-checked (a stateful RNN, say). Loading it for running is then refused
     * with this reason; only the first reason is kept.
     */
    protected final void unsupported(String reason) {
        if (unsupportedReason == null) {
            unsupportedReason = reason;
        }
    }

    /**
     * The message for a weight whose shape differs from the slot. Layers override it where a more telling
     * explanation exists (a Dense kernel whose rows disagree with the input's features).
     */
    public String weightMismatch(WeightSlot slot, NdArray actual, List<Shape> inputs) {
        return slot.name() + " is " + actual.shapeString() + " but " + java.util.Arrays.toString(slot.shape())
                + " is expected for input " + inputs.get(0).toKerasString();
    }

    /** A check failure prefixed with this layer's name and class. */
    protected ModelCheckException check(String message) {
        return new ModelCheckException(describe() + ": " + message);
    }

    /** A refusal prefixed with this layer's name and class. */
    protected UnsupportedModelException refuse(String message) {
        return new UnsupportedModelException(describe() + ": " + message);
    }

    @Override
    public String toString() {
        return describe();
    }
}
