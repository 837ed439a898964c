package dev.keras2j.runtime.kernel;

/**
 * A matrix read in place from one array, in runs of rows a fixed stride apart: row {@code s · run + i} is
 * {@code image[start, start + columns)} with {@code start = runStarts[s] + i · stride}.
 *
 * <p>This is the transposed patch matrix of a stride-1 convolution over a channels-first, zero-padded image
 * whose output rows are as wide as the padded input rows: run {@code s} is window position {@code (ky, kx)},
 * starting at the plane of the first channel shifted by {@code ky · dh · width + kx · dw}; its rows are the
 * channels, one plane apart; column {@code oy · width + ox} is output pixel {@code (oy, ox)} (columns with
 * {@code ox ≥ outW} are computed and ignored). {@link Gemm#multiplyAdd(PreparedMatrix, ShiftedRows, float[], int)}
 * loads its vectors straight from the image, so neither the patch matrix nor a packed copy of it is built.
 *
 * @param image     the values; every row must be readable {@link #SLACK} values past its end
 * @param runStarts where the first row of each run starts in {@code image}
 * @param run       rows per run
 * @param stride    from one row of a run to the next
 * @param columns   the columns of every row
 */
public record ShiftedRows(float[] image, int[] runStarts, int run, int stride, int columns) {
    /** Values read past the end of a row: the vector of its last columns (up to 16 floats) may reach that far. */
    public static final int SLACK = 16;

    /** Checks that every row, with its slack, lies inside {@code image}. */
    public ShiftedRows {
        if (run < 1) {
            throw new IllegalArgumentException("runs of " + run + " rows");
        }
        for (int start : runStarts) {
            long last = start + (long) (run - 1) * stride;
            if (start < 0 || last < 0 || last + columns + SLACK > image.length) {
                throw new IllegalArgumentException("a run from " + start + " (" + run + " rows " + stride + " apart, "
                        + columns + " columns + " + SLACK + ") outside an image of " + image.length + " values");
            }
        }
    }

    /** Rows of the matrix. */
    public int rows() {
        return runStarts.length * run;
    }

    /** Where row {@code p} starts in {@link #image}. */
    int rowStart(int p) {
        int s = p / run;
        return runStarts[s] + (p - s * run) * stride;
    }

    /** Writes the matrix, row-major, into {@code dst} from 0. */
    void fill(float[] dst) {
        for (int p = 0; p < rows(); p++) {
            System.arraycopy(image, rowStart(p), dst, p * columns, columns);
        }
    }
}
