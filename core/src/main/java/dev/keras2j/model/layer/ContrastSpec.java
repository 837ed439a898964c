package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;

import java.util.List;

/**
 * The image contrast layers that transform images at inference too, as Keras 3.15 computes them:
 * {@code AutoContrast} (each image's channels stretched from their min..max to {@code value_range}; a constant
 * channel kept as is) and {@code ContrastLimitedAdaptiveHistogramEqualization} / {@code CLAHE} (per tile of a
 * {@code tile_grid_size} grid, a 256-bin histogram of the pixels' integer values clipped at
 * {@code clip_limit}, its normalized CDF as a lookup table, bilinearly blended between neighbouring tiles).
 * Both read images of shape (height, width, channels); CLAHE also channels_first.
 */
public final class ContrastSpec extends LayerSpec {
    /** The layer. */
    public enum Kind { AUTO_CONTRAST, CLAHE }

    private final Kind kind;
    private final float low;
    private final float high;
    private final boolean byteRange;
    private final double clipLimit;
    private final int[] tileGrid;
    private final DataFormat dataFormat;

    public ContrastSpec(LayerConfig config) {
        super(config);
        this.kind = config.className().equals("AutoContrast") ? Kind.AUTO_CONTRAST : Kind.CLAHE;
        Object range = config.raw("value_range");
        List<?> r = range == null ? List.of(0, 255) : range instanceof List<?> l ? l : null;
        if (r == null || r.size() != 2 || !(r.get(0) instanceof Number a) || !(r.get(1) instanceof Number b)) {
            throw refuse("option 'value_range' " + range + " is not a pair of numbers");
        }
        // AutoContrast sorts its range; CLAHE keeps it as given. Keras casts the bounds to float32.
        boolean sort = kind == Kind.AUTO_CONTRAST && a.doubleValue() > b.doubleValue();
        double lo = sort ? b.doubleValue() : a.doubleValue();
        double hi = sort ? a.doubleValue() : b.doubleValue();
        this.low = (float) lo;
        this.high = (float) hi;
        // Keras skips the conversion when the range already is (0, 255), compared as Python numbers.
        this.byteRange = lo == 0 && hi == 255;
        if (kind == Kind.CLAHE) {
            this.clipLimit = config.number("clip_limit", 4.0);
            this.tileGrid = config.ints("tile_grid_size", 2, new int[] {8, 8});
            if (tileGrid[0] <= 0 || tileGrid[1] <= 0) {
                throw refuse("tile_grid_size " + java.util.Arrays.toString(tileGrid) + " must be positive");
            }
            this.dataFormat = DataFormat.parse(config);
        } else {
            this.clipLimit = 0;
            this.tileGrid = null;
            this.dataFormat = DataFormat.CHANNELS_LAST;
        }
    }

    public Kind kind() {
        return kind;
    }

    /** value_range's lower bound, as float32. */
    public float low() {
        return low;
    }

    /** value_range's upper bound, as float32. */
    public float high() {
        return high;
    }

    /** Whether value_range is (0, 255), for which Keras converts nothing. */
    public boolean isByteRange() {
        return byteRange;
    }

    /** CLAHE's clip_limit (0 or less: no clipping). */
    public double clipLimit() {
        return clipLimit;
    }

    /** CLAHE's (rows, columns) of tiles. */
    public int[] tileGrid() {
        return tileGrid.clone();
    }

    /** Where the channel axis sits (AutoContrast: always last, as Keras reduces over axes 1 and 2). */
    public DataFormat dataFormat() {
        return dataFormat;
    }

    @Override
    protected Shape outputShape(Shape input) {
        if (input.rank() != 3) {
            throw refuse("takes images (height, width, channels), not " + input.toKerasString());
        }
        if (kind == Kind.CLAHE && !input.isFullyKnown()) {
            throw refuse("an image of unknown size " + input.toKerasString() + " is not supported (the tiles depend on it)");
        }
        return input;
    }
}
