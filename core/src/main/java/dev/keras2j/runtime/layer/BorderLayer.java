package dev.keras2j.runtime.layer;

import dev.keras2j.model.layer.SlidingWindowSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

/**
 * Cropping and ZeroPadding: layers that only change the borders of each example, so that every output
 * row is an input row moved up or down and left or right. A subclass sizes the output and says which
 * block of rows moves where.
 */
abstract class BorderLayer implements RuntimeLayer {
    private final SlidingWindowSpec spec;
    /** Removed by Cropping, added by ZeroPadding. */
    final SpatialBorders borders;

    BorderLayer(SlidingWindowSpec spec, int[][] amounts) {
        this.spec = spec;
        this.borders = SpatialBorders.of(amounts, spec.rank());
    }

    @Override
    public final MaskedArray forward(MaskedArray input) {
        ImageBatch x = ImageBatch.of(input.values(), spec.rank(), spec.dataFormat());
        // Keras drops the mask (ZeroPadding does not support masking).
        return MaskedArray.of(apply(x).toArray(spec.rank(), spec.dataFormat()));
    }

    /** The output for input {@code x}, both in {@link ImageBatch}'s layout. */
    abstract ImageBatch apply(ImageBatch x);

    /** The layer's spec, for messages. */
    final SlidingWindowSpec spec() {
        return spec;
    }

    /**
     * Copies, in every example, {@code rows} rows of {@code width} pixels starting at row {@code fromY},
     * column {@code fromX} of {@code from} to row {@code toY}, column {@code toX} of {@code to}.
     */
    static void copyBlock(ImageBatch from, int fromY, int fromX, ImageBatch to, int toY, int toX, int rows, int width) {
        int length = width * from.c();
        for (int b = 0; b < from.n(); b++) {
            for (int y = 0; y < rows; y++) {
                System.arraycopy(from.data(), from.offset(b, fromY + y, fromX), to.data(), to.offset(b, toY + y, toX),
                        length);
            }
        }
    }
}
