package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.Shape;

import java.util.Locale;

/**
 * {@code UpSampling1D}, {@code UpSampling2D} and {@code UpSampling3D}: each spatial axis grows by an integer
 * factor. Nearest (the only mode of the 1D and 3D layers) repeats every element; bilinear ({@code UpSampling2D} only) is TensorFlow's
 * {@code resize_bilinear} with half-pixel centers and no antialiasing, which
 * {@code ops.image.resize} uses. {@code UpSampling1D} has no {@code data_format}.
 */
public final class UpSamplingSpec extends SlidingWindowSpec {
    /** How new positions are filled. */
    public enum Interpolation { NEAREST, BILINEAR }

    private final int[] size;
    private final Interpolation interpolation;

    /**
     * @param rank 1, 2 or 3 spatial axes
     */
    public UpSamplingSpec(LayerConfig config, int rank) {
        super(config, rank, rank == 1 ? DataFormat.CHANNELS_LAST : DataFormat.parse(config));
        int[] two = new int[rank];
        java.util.Arrays.fill(two, 2);
        this.size = positive("size", two);
        String interp = rank != 2 ? "nearest" : config.string("interpolation", "nearest").toLowerCase(Locale.ROOT);
        this.interpolation = switch (interp) {
            case "nearest" -> Interpolation.NEAREST;
            case "bilinear" -> Interpolation.BILINEAR;
            default -> throw refuse("interpolation '" + interp + "' is not supported; supported: nearest, bilinear");
        };
    }

    /** {@code size}: the factor per spatial axis. */
    public int[] size() {
        return size.clone();
    }

    /** {@code interpolation}: nearest or bilinear. */
    public Interpolation interpolation() {
        return interpolation;
    }

    @Override
    protected Shape outputShape(Shape input) {
        int[] s = spatialOf(input);
        for (int i = 0; i < s.length; i++) {
            if (s[i] != Shape.UNKNOWN) {
                s[i] = Math.multiplyExact(s[i], size[i]);
            }
        }
        return dataFormat().shape(s, channelsOf(input));
    }
}
