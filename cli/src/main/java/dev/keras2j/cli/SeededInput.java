package dev.keras2j.cli;

import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.InputSpec;
import dev.keras2j.model.LayerNode;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.layer.EmbeddingSpec;

import java.util.Random;

/**
 * A reproducible random input for a model without a reference: uniform in [-1, 1), or valid token ids for an
 * input read by an {@code Embedding}. An unknown sequence length gets {@value #OPEN_DIMENSION}; an unknown
 * spatial size of an image (rank 3 and more per example) gets {@value #OPEN_IMAGE_SIDE}, enough for the small
 * fully-convolutional stacks (convolutions and poolings in turn) that leave it open.
 */
final class SeededInput {
    static final long SEED = 20240611L;
    static final int BATCH = 3;
    static final int OPEN_DIMENSION = 7;
    static final int OPEN_IMAGE_SIDE = 16;

    private SeededInput() {
    }

    /** The input for a single-input model. */
    static NdArray forModel(CheckedModel model) {
        if (model.spec().inputs().size() != 1) {
            throw new UnsupportedOperationException("validation needs a single-input model; this one has "
                    + model.spec().inputs().size() + " inputs");
        }
        return forInput(model, model.spec().inputs().get(0), SEED);
    }

    /** One input per model input, each from its own seed (the first from {@link #SEED}, as for a single input). */
    static java.util.List<NdArray> forInputs(CheckedModel model) {
        java.util.List<NdArray> out = new java.util.ArrayList<>();
        for (int i = 0; i < model.spec().inputs().size(); i++) {
            out.add(forInput(model, model.spec().inputs().get(i), SEED + i));
        }
        return out;
    }

    private static NdArray forInput(CheckedModel model, InputSpec in, long seed) {
        Shape s = in.shape();
        int[] dims = s.withBatch(BATCH);
        for (int i = 1; i < dims.length; i++) {
            if (dims[i] == Shape.UNKNOWN) {
                dims[i] = s.rank() >= 3 ? OPEN_IMAGE_SIDE : OPEN_DIMENSION;
            }
        }
        NdArray out = NdArray.zeros(dims);
        float[] data = out.data();
        Random random = new Random(seed);
        int vocabulary = embeddingVocabulary(model, in.name());
        for (int i = 0; i < data.length; i++) {
            data[i] = vocabulary > 0 ? random.nextInt(vocabulary) : random.nextFloat() * 2f - 1f;
        }
        return out;
    }

    /** The smallest input_dim of the Embedding layers reading this input, or 0 when none does. */
    private static int embeddingVocabulary(CheckedModel model, String input) {
        int vocabulary = 0;
        for (LayerNode node : model.spec().layers()) {
            boolean reads = node.calls().stream().anyMatch(c -> c.inputs().contains(dev.keras2j.model.TensorRef.of(input)));
            if (reads && node.spec() instanceof EmbeddingSpec e) {
                vocabulary = vocabulary == 0 ? e.inputDim() : Math.min(vocabulary, e.inputDim());
            }
        }
        return vocabulary;
    }
}
