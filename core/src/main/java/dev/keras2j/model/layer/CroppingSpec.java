package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.Shape;

/**
 * {@code Cropping1D}, {@code Cropping2D} and {@code Cropping3D}: elements removed from the start and end of each spatial
 * axis. {@code Cropping1D} has no {@code data_format} and always crops axis 1.
 */
public final class CroppingSpec extends SlidingWindowSpec {
    private final int[][] cropping;

    /**
     * @param rank 1, 2 or 3 spatial axes
     */
    public CroppingSpec(LayerConfig config, int rank) {
        super(config, rank, rank == 1 ? DataFormat.CHANNELS_LAST : DataFormat.parse(config));
        this.cropping = BorderAmounts.parse(config, "cropping", rank, rank == 2 ? 0 : 1);
    }

    /** Elements removed at the start ({@code [axis][0]}) and end ({@code [axis][1]}) of each spatial axis. */
    public int[][] cropping() {
        return BorderAmounts.copy(cropping);
    }

    @Override
    protected Shape outputShape(Shape input) {
        int[] s = spatialOf(input);
        for (int i = 0; i < s.length; i++) {
            if (s[i] != Shape.UNKNOWN) {
                s[i] = (int) Math.max(Integer.MIN_VALUE, (long) s[i] - cropping[i][0] - cropping[i][1]);
                if (s[i] <= 0) {
                    throw check("cropping " + java.util.Arrays.deepToString(cropping) + " removes all of input "
                            + input.toKerasString());
                }
            }
        }
        return dataFormat().shape(s, channelsOf(input));
    }
}
