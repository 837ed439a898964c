package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;

import java.util.Arrays;

/**
 * {@code Rescaling}: {@code x * scale + offset} in float32, where scale and offset are numbers or arrays
 * broadcast numpy-style onto the input's trailing axes. The mask passes through.
 *
 * <p>Keras reshapes an array-valued {@code scale} (not {@code offset}) to rank 3 by appending 1s when the
 * global {@code image_data_format()} is {@code channels_first}, so a per-channel scale lines up with the
 * channel axis of {@code (channels, rows, cols)} images. That setting lives in the user's keras.json, not in
 * the model file; the one-argument constructor assumes Keras's default {@code channels_last}.
 */
public final class RescalingSpec extends LayerSpec {
    private final NdArray scale;
    private final NdArray offset;
    private final DataFormat imageDataFormat;

    /** Assumes Keras's default {@code image_data_format()} of {@code channels_last}. */
    public RescalingSpec(LayerConfig config) {
        this(config, DataFormat.CHANNELS_LAST);
    }

    /** With the {@code image_data_format()} that the Keras which ran the model was configured with. */
    public RescalingSpec(LayerConfig config, DataFormat imageDataFormat) {
        super(config);
        if (!config.has("scale")) {
            throw refuse("option 'scale' is missing");
        }
        this.imageDataFormat = imageDataFormat;
        NdArray s = ConstantArrays.parse(config.raw("scale"), this, "scale");
        if (s.rank() > 0 && s.rank() < 3 && imageDataFormat == DataFormat.CHANNELS_FIRST) {
            int[] dims = Arrays.copyOf(s.shape(), 3);
            Arrays.fill(dims, s.rank(), 3, 1);
            s = s.reshape(dims);
        }
        this.scale = s;
        this.offset = config.has("offset") ? ConstantArrays.parse(config.raw("offset"), this, "offset")
                : NdArray.of(new float[] {0f});
    }

    /** The scale as float32, already reshaped by the channels_first rule when that applies. */
    public NdArray scale() {
        return scale.copy();
    }

    /** The offset as float32 (0 when absent); never reshaped. */
    public NdArray offset() {
        return offset.copy();
    }

    /** The global {@code image_data_format()} assumed for the channels_first reshape of {@code scale}. */
    public DataFormat imageDataFormat() {
        return imageDataFormat;
    }

    /**
     * How many trailing axes of one example scale and offset vary over (0 when both are numbers or all
     * 1s); the pattern repeats every {@code product(last axes)} elements.
     */
    public int broadcastAxes(Shape input) {
        int k = Math.max(ConstantArrays.stripLeadingOnes(scale.shape()).length,
                ConstantArrays.stripLeadingOnes(offset.shape()).length);
        if (k > input.rank()) {
            throw refuse("scale " + Arrays.toString(scale.shape()) + " / offset " + Arrays.toString(offset.shape())
                    + " would broadcast over the batch axis of input " + input.toKerasString());
        }
        for (int a = input.rank() - k; a < input.rank(); a++) {
            if (input.dim(a) == Shape.UNKNOWN) {
                throw refuse("scale/offset vary over axis " + (a + 1) + " whose size is unknown in "
                        + input.toKerasString());
            }
        }
        return k;
    }

    /** The scale expanded over the last {@link #broadcastAxes} axes of the input, row-major. */
    public float[] broadcastScale(Shape input) {
        return expand(scale, input, "scale");
    }

    /** The offset expanded over the last {@link #broadcastAxes} axes of the input, row-major. */
    public float[] broadcastOffset(Shape input) {
        return expand(offset, input, "offset");
    }

    private float[] expand(NdArray constant, Shape input, String option) {
        int k = broadcastAxes(input);
        int[] target = Arrays.copyOfRange(input.dims(), input.rank() - k, input.rank());
        int[] stripped = ConstantArrays.stripLeadingOnes(constant.shape());
        return ConstantArrays.broadcast(constant.reshape(stripped), target, this, option);
    }

    @Override
    protected Shape outputShape(Shape input) {
        broadcastScale(input);
        broadcastOffset(input);
        return input;
    }
}
