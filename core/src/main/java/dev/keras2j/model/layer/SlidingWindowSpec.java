package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;

/**
 * Base of the layers that act on 1D sequences {@code (steps, channels)}, 2D images
 * {@code (rows, cols, channels)} or 3D volumes {@code (depth, rows, cols, channels)} (channels first with {@code data_format='channels_first'}): checks the
 * input's rank and knows which axes are spatial.
 */
public abstract class SlidingWindowSpec extends LayerSpec {
    private final int rank;
    private final DataFormat dataFormat;

    protected SlidingWindowSpec(LayerConfig config, int rank, DataFormat dataFormat) {
        super(config);
        this.rank = rank;
        this.dataFormat = dataFormat;
    }

    /** Number of spatial axes: 1, 2 or 3 for the {@code 1D}, {@code 2D} and {@code 3D} layers. */
    public int rank() {
        return rank;
    }

    /** Where the channel axis sits in the layer's input and output. */
    public DataFormat dataFormat() {
        return dataFormat;
    }

    /** The input's spatial dimensions after checking its rank ({@link Shape#UNKNOWN} where open). */
    protected int[] spatialOf(Shape input) {
        if (input.rank() < rank + 1) {
            throw check("expects an input of rank " + (rank + 2) + " (batch, " + (rank == 1 ? "steps" : rank == 2 ? "rows, cols" : "depth, rows, cols")
                    + ", channels) but receives " + input.toKerasString());
        }
        if (input.rank() > rank + 1) {
            throw refuse("receives " + input.toKerasString() + ": inputs with extra leading axes are not supported");
        }
        return dataFormat.spatial(input, rank);
    }

    /** The input's channel count. */
    protected int channelsOf(Shape input) {
        return input.dim(dataFormat.channelAxis(input.rank()));
    }

    /** The input's channel count, which must be known because weights depend on it. */
    protected int knownChannels(Shape input) {
        spatialOf(input);
        int c = channelsOf(input);
        if (c == Shape.UNKNOWN) {
            throw check("the input's channel axis is unknown in " + input.toKerasString());
        }
        return c;
    }

    /** An int tuple option that must be positive on every axis; required when {@code defaultValue} is null. */
    protected int[] positive(String key, int[] defaultValue) {
        int[] v = config().ints(key, rank, defaultValue);
        if (v == null) {
            throw refuse("option '" + key + "' is missing");
        }
        for (int x : v) {
            if (x <= 0) {
                throw refuse("option '" + key + "' is " + java.util.Arrays.toString(v) + ", expected positive integers");
            }
        }
        return v;
    }

    /** A tuple filled with ones, the default of strides and dilation rates. */
    protected int[] ones() {
        int[] v = new int[rank];
        java.util.Arrays.fill(v, 1);
        return v;
    }
}
