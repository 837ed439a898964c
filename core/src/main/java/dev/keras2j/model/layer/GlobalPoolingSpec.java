package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.Shape;

/**
 * {@code GlobalMaxPooling1D/2D/3D} and {@code GlobalAveragePooling1D/2D/3D}: max or mean over all spatial
 * positions of each channel, giving {@code (channels)}, or with {@code keepdims} the input's rank with
 * every spatial axis of size 1. {@code GlobalAveragePooling1D} averages only the timesteps its input
 * mask marks as real.
 */
public final class GlobalPoolingSpec extends SlidingWindowSpec {
    private final PoolMode mode;
    private final boolean keepDims;

    /**
     * @param rank 1, 2 or 3 spatial axes
     * @param mode max or average
     */
    public GlobalPoolingSpec(LayerConfig config, int rank, PoolMode mode) {
        super(config, rank, DataFormat.parse(config));
        this.mode = mode;
        this.keepDims = config.bool("keepdims", false);
    }

    /** Max or average. */
    public PoolMode mode() {
        return mode;
    }

    /** {@code keepdims}: whether the spatial axes remain, with size 1. */
    public boolean keepDims() {
        return keepDims;
    }

    /** Whether the layer honours an input mask (only {@code GlobalAveragePooling1D} does). */
    public boolean usesMask() {
        return mode == PoolMode.AVERAGE && rank() == 1;
    }

    @Override
    protected Shape outputShape(Shape input) {
        spatialOf(input);
        int c = channelsOf(input);
        if (!keepDims) {
            return Shape.of(c);
        }
        int[] ones = ones();
        return dataFormat().shape(ones, c);
    }
}
