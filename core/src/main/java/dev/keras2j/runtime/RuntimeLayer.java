package dev.keras2j.runtime;

/**
 * One layer of the runtime, built from a checked layer. Implementations are immutable, so a model can
 * run on many threads at once.
 */
public interface RuntimeLayer {
    /**
     * Computes the layer on a batch and says which mask the next layer sees, as Keras's
     * {@code compute_mask} would.
     */
    MaskedArray forward(MaskedArray input);

    /**
     * Computes a layer that reads several inputs (a merge); single-input layers receive exactly one.
     */
    default MaskedArray forward(java.util.List<MaskedArray> inputs) {
        if (inputs.size() != 1) {
            throw new IllegalStateException(getClass().getSimpleName() + " takes one input, got " + inputs.size());
        }
        return forward(inputs.get(0));
    }

    /**
     * Computes call {@code call} of the layer (its Keras node index) and returns every output tensor with its
     * mask, in Keras's order. Layers with one output and no per-call options need not override this.
     */
    default java.util.List<MaskedArray> call(java.util.List<MaskedArray> inputs, int call) {
        return java.util.List.of(forward(inputs));
    }
}
