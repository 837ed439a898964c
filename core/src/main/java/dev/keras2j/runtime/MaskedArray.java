package dev.keras2j.runtime;

import dev.keras2j.model.NdArray;

/**
 * What flows from one layer to the next: a batch of values and, for sequences, Keras's timestep mask.
 *
 * @param values the batch, batch axis first
 * @param mask   {@code [batch * time]} in row-major order, true where a timestep is real; {@code null}
 *               when no mask is set
 */
public record MaskedArray(NdArray values, boolean[] mask) {
    /** An unmasked batch. */
    public static MaskedArray of(NdArray values) {
        return new MaskedArray(values, null);
    }

    /** Other values with the same mask, for layers that pass the mask on unchanged. */
    public MaskedArray withValues(NdArray newValues) {
        return new MaskedArray(newValues, mask);
    }
}
