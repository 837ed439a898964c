package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.WeightSlot;

import java.util.Arrays;
import java.util.List;

/**
 * {@code TimeDistributed}: applies the wrapped layer to every timestep (axis 1 of the batch) on its own.
 * The output shape is {@code (time, inner output shape of one step)}; the weights are the inner layer's.
 * The incoming mask passes through unchanged.
 */
public final class TimeDistributedSpec extends LayerSpec {
    private final LayerSpec layer;

    public TimeDistributedSpec(LayerConfig config) {
        super(config);
        this.layer = LayerSpecs.create(config.nested("layer"));
        if (layer instanceof RecurrentSpec r && r.returnState()
                || layer instanceof BidirectionalSpec b && (b.returnState() || b.mergeMode() == null)) {
            throw refuse("wraps " + layer.describe() + ", which has several outputs; TimeDistributed applies a"
                    + " layer with one output");
        }
    }

    /** The wrapped layer. */
    public LayerSpec layer() {
        return layer;
    }

    /** The shape one timestep gives the inner layer: the input without its time axis. */
    public Shape stepShape(Shape input) {
        if (input.rank() < 2) {
            throw check("expects an input with a time axis and at least one more, got " + input.toKerasString());
        }
        int[] d = input.dims();
        return Shape.of(Arrays.copyOfRange(d, 1, d.length));
    }

    @Override
    protected Shape outputShape(Shape input) {
        int[] inner = layer.outputShape(List.of(stepShape(input))).dims();
        int[] out = new int[inner.length + 1];
        out[0] = input.dim(0);
        System.arraycopy(inner, 0, out, 1, inner.length);
        return Shape.of(out);
    }

    @Override
    protected List<WeightSlot> weightSlots(Shape input) {
        return layer.weightSlots(List.of(stepShape(input)));
    }

    @Override
    public String weightMismatch(WeightSlot slot, NdArray actual, List<Shape> inputs) {
        return layer.weightMismatch(slot, actual, List.of(stepShape(inputs.get(0))));
    }

    @Override
    public String unsupportedReason() {
        String own = super.unsupportedReason();
        return own != null ? own : layer.unsupportedReason();
    }
}
