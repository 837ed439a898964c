package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.LayerNode;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.model.layer.BidirectionalSpec;
import dev.keras2j.model.layer.RecurrentSpec;
import dev.keras2j.model.layer.TimeDistributedSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;
import dev.keras2j.runtime.RuntimeLayers;

import java.util.List;

/**
 * TimeDistributed: folds time into the batch ({@code [batch*time, ...]} is the same row-major data), runs
 * the inner layer once on all steps, and unfolds. The incoming mask passes through unchanged.
 */
final class TimeDistributedLayer implements RuntimeLayer {
    private final TimeDistributedSpec spec;
    private final RuntimeLayer inner;
    private final boolean innerIsRecurrent;

    TimeDistributedLayer(CheckedLayer layer) {
        this.spec = (TimeDistributedSpec) layer.spec();
        Shape step = spec.stepShape(layer.inputShape());
        Shape stepOut = spec.layer().outputShape(List.of(step));
        CheckedLayer innerLayer = new CheckedLayer(new LayerNode(spec.layer(), List.of()), List.of(step), stepOut,
                layer.weights());
        this.inner = RuntimeLayers.create(innerLayer);
        this.innerIsRecurrent = spec.layer() instanceof RecurrentSpec || spec.layer() instanceof BidirectionalSpec;
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        NdArray x = input.values();
        int[] shape = x.shape();
        if (input.mask() != null && innerIsRecurrent) {
            // Keras hands the recurrent layer one [batch] mask column per step, which is not a timestep mask.
            throw new UnsupportedModelException(spec.describe() + ": a masked input to a wrapped recurrent layer"
                    + " is not supported");
        }
        int batch = shape[0];
        int time = shape[1];
        int[] folded = new int[shape.length - 1];
        folded[0] = batch * time;
        System.arraycopy(shape, 2, folded, 1, shape.length - 2);
        NdArray y = inner.forward(MaskedArray.of(x.reshape(folded))).values();
        int[] ys = y.shape();
        int[] unfolded = new int[ys.length + 1];
        unfolded[0] = batch;
        unfolded[1] = time;
        System.arraycopy(ys, 1, unfolded, 2, ys.length - 1);
        return input.withValues(y.reshape(unfolded));
    }
}
