package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.Shape;

import java.util.Arrays;

/**
 * {@code MaxPooling1D/2D/3D} and {@code AveragePooling1D/2D/3D}: a window of {@code pool_size} slides with
 * {@code strides} over each channel. With {@code same} padding the border windows are partly outside
 * the input; max ignores the outside, average divides by the number of inside elements (TensorFlow's
 * definition).
 */
public final class PoolingSpec extends SlidingWindowSpec {
    private final PoolMode mode;
    private final int[] poolSize;
    private final int[] strides;
    private final Padding padding;

    /**
     * @param rank 1, 2 or 3 spatial axes
     * @param mode max or average
     */
    public PoolingSpec(LayerConfig config, int rank, PoolMode mode) {
        super(config, rank, DataFormat.parse(config));
        this.mode = mode;
        int[] two = new int[rank];
        Arrays.fill(two, 2);
        this.poolSize = positive("pool_size", two);
        this.strides = positive("strides", poolSize);
        this.padding = Padding.parse(config, false);
    }

    /** Max or average. */
    public PoolMode mode() {
        return mode;
    }

    /** {@code pool_size}, one entry per spatial axis. */
    public int[] poolSize() {
        return poolSize.clone();
    }

    /** {@code strides}, one entry per spatial axis ({@code pool_size} when the file gives none). */
    public int[] strides() {
        return strides.clone();
    }

    /** {@code padding}: valid or same. */
    public Padding padding() {
        return padding;
    }

    @Override
    protected Shape outputShape(Shape input) {
        int[] in = spatialOf(input);
        int[] out = new int[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = WindowArithmetic.outputLength(in[i], poolSize[i], strides[i], 1, padding);
            if (in[i] != Shape.UNKNOWN && out[i] <= 0) {
                throw check("pool_size " + Arrays.toString(poolSize) + " does not fit input " + input.toKerasString()
                        + " with padding 'valid'");
            }
        }
        return dataFormat().shape(out, channelsOf(input));
    }
}
