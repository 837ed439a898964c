package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.Shape;

/**
 * {@code ZeroPadding1D/2D/3D}: zeros added before and after each spatial axis.
 */
public final class ZeroPaddingSpec extends SlidingWindowSpec {
    private final int[][] padding;

    /**
     * @param rank 1, 2 or 3 spatial axes
     */
    public ZeroPaddingSpec(LayerConfig config, int rank) {
        super(config, rank, DataFormat.parse(config));
        this.padding = BorderAmounts.parse(config, "padding", rank, 1);
    }

    /** Zeros before ({@code [axis][0]}) and after ({@code [axis][1]}) each spatial axis. */
    public int[][] padding() {
        return BorderAmounts.copy(padding);
    }

    @Override
    protected Shape outputShape(Shape input) {
        int[] s = spatialOf(input);
        for (int i = 0; i < s.length; i++) {
            if (s[i] != Shape.UNKNOWN) {
                s[i] = Math.toIntExact((long) s[i] + padding[i][0] + padding[i][1]);
            }
        }
        return dataFormat().shape(s, channelsOf(input));
    }
}
