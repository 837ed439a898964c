package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

/** A layer that only acts in training (dropout, noise, activity regularization): values and mask pass through. */
final class IdentityLayer implements RuntimeLayer {
    IdentityLayer(CheckedLayer layer) {
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        return input;
    }
}
