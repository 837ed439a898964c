package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.Keras2jException;
import dev.keras2j.model.layer.CroppingSpec;
import dev.keras2j.model.layer.SlidingWindowSpec;
import dev.keras2j.model.layer.ZeroPaddingSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

import java.util.Arrays;

/**
 * ZeroPadding3D and Cropping3D (any number of spatial axes), as {@link BorderLayer} does it for images:
 * the kept block of each example is copied, row by row along the last spatial axis, into a zero-filled
 * output, shifted by the amounts added ({@code +before}) or removed ({@code -before}).
 */
final class VolumeBorderLayer implements RuntimeLayer {
    private final SlidingWindowSpec spec;
    /** {@code [axis][before, after]}, positive when added (padding), negative when removed (cropping). */
    private final int[][] change;

    private VolumeBorderLayer(SlidingWindowSpec spec, int[][] amounts, int sign) {
        this.spec = spec;
        this.change = new int[amounts.length][2];
        for (int i = 0; i < amounts.length; i++) {
            change[i][0] = sign * amounts[i][0];
            change[i][1] = sign * amounts[i][1];
        }
    }

    /** ZeroPadding3D. */
    static VolumeBorderLayer padding(CheckedLayer layer) {
        ZeroPaddingSpec s = (ZeroPaddingSpec) layer.spec();
        return new VolumeBorderLayer(s, s.padding(), 1);
    }

    /** Cropping3D. */
    static VolumeBorderLayer cropping(CheckedLayer layer) {
        CroppingSpec s = (CroppingSpec) layer.spec();
        return new VolumeBorderLayer(s, s.cropping(), -1);
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        VolumeBatch x = VolumeBatch.of(input.values(), spec.rank(), spec.dataFormat());
        int rank = change.length;
        int[] in = x.dims();
        int[] outDims = new int[rank];
        // The block copied: its size, and where it starts in the input and in the output.
        int[] size = new int[rank];
        int[] from = new int[rank];
        int[] to = new int[rank];
        for (int i = 0; i < rank; i++) {
            outDims[i] = in[i] + change[i][0] + change[i][1];
            if (outDims[i] <= 0) {
                throw new Keras2jException(spec.describe() + ": cropping removes all of an input of spatial size "
                        + Arrays.toString(in));
            }
            from[i] = Math.max(0, -change[i][0]);
            to[i] = Math.max(0, change[i][0]);
            size[i] = Math.min(in[i] - from[i], outDims[i] - to[i]);
        }
        VolumeBatch out = VolumeBatch.zeros(x.n(), outDims, x.c());
        int last = rank - 1;
        int rowLength = size[last] * x.c();
        int[] rowsShape = Arrays.copyOf(size, rank);
        rowsShape[last] = 1;
        int rows = VolumeBatch.positions(rowsShape);
        int[] at = new int[rank];
        int[] src = new int[rank];
        int[] dst = new int[rank];
        for (int b = 0; b < x.n(); b++) {
            for (int r = 0; r < rows; r++) {
                VolumeBatch.coordinates(r, rowsShape, at);
                for (int i = 0; i < rank; i++) {
                    src[i] = at[i] + from[i];
                    dst[i] = at[i] + to[i];
                }
                System.arraycopy(x.data(), x.offset(b, x.flat(src)), out.data(), out.offset(b, out.flat(dst)),
                        rowLength);
            }
        }
        // Keras drops the mask (these layers do not support masking).
        return MaskedArray.of(out.toArray(spec.dataFormat()));
    }
}
