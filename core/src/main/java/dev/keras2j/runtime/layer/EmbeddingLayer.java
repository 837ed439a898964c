package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.Keras2jException;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.EmbeddingSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

/**
 * Embedding lookup. Ids arrive as floats and are truncated toward zero like Keras's cast to int32; an id
 * outside {@code [0, input_dim)} fails as it does in Keras. With mask_zero the mask has one flag per input
 * element (per timestep for a {@code (batch, time)} input), false where the input equals 0.
 */
final class EmbeddingLayer implements RuntimeLayer {
    private final EmbeddingSpec spec;
    private final float[] embeddings;

    EmbeddingLayer(CheckedLayer layer) {
        this.spec = (EmbeddingSpec) layer.spec();
        this.embeddings = layer.weight("embeddings").data();
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        NdArray x = input.values();
        float[] ids = x.data();
        int dim = spec.outputDim();
        float[] out = new float[Math.multiplyExact(ids.length, dim)];
        for (int i = 0; i < ids.length; i++) {
            float v = ids[i];
            if (!Float.isFinite(v) || (int) v < 0 || (int) v >= spec.inputDim()) {
                throw new Keras2jException(spec.describe() + ": token id " + v + " is outside [0, "
                        + spec.inputDim() + ")");
            }
            System.arraycopy(embeddings, (int) v * dim, out, i * dim, dim);
        }
        int[] shape = x.shape();
        int[] outShape = java.util.Arrays.copyOf(shape, shape.length + 1);
        outShape[shape.length] = dim;
        boolean[] mask = null;
        if (spec.maskZero()) {
            mask = new boolean[ids.length];
            for (int i = 0; i < ids.length; i++) {
                mask[i] = ids[i] != 0f;
            }
        }
        return new MaskedArray(NdArray.of(out, outShape), mask);
    }
}
