package dev.keras2j.runtime.layer;

import dev.keras2j.model.ActivationSpec;
import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.ActivationLayerSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;
import dev.keras2j.runtime.kernel.ActivationFunctions;

/** An element-wise activation layer (Activation, LeakyReLU, ELU, ReLU, ThresholdedReLU); the mask passes through. */
final class ActivationLayer implements RuntimeLayer {
    private final ActivationSpec activation;

    ActivationLayer(CheckedLayer layer) {
        this.activation = ((ActivationLayerSpec) layer.spec()).activation();
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        NdArray x = input.values();
        float[] out = x.data().clone();
        ActivationFunctions.apply(activation, out, x.shape());
        return input.withValues(NdArray.of(out, x.shape()));
    }
}
