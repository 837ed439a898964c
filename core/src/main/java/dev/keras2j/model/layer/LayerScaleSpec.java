package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;
import dev.keras2j.model.WeightSlot;

import java.util.List;

/**
 * {@code LayerScale} of Keras's ConvNeXt application ({@code keras.src.applications.convnext}): the input
 * times a learned vector {@code gamma} over the last axis.
 */
public final class LayerScaleSpec extends LayerSpec {
    private final int projectionDim;

    public LayerScaleSpec(LayerConfig config) {
        super(config);
        this.projectionDim = config.requiredInt("projection_dim");
    }

    /** The length of {@code gamma}: the size of the input's last axis. */
    public int projectionDim() {
        return projectionDim;
    }

    @Override
    protected Shape outputShape(Shape input) {
        if (input.rank() < 1 || input.last() != projectionDim) {
            throw check("projection_dim " + projectionDim + " does not match the last axis of " + input.toKerasString());
        }
        return input;
    }

    @Override
    protected List<WeightSlot> weightSlots(Shape input) {
        return List.of(new WeightSlot("gamma", new int[] {projectionDim}));
    }
}
