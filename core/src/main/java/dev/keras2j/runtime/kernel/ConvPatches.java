package dev.keras2j.runtime.kernel;

/**
 * The patch matrix of a convolution (im2col) without building it: row {@code oy · outW + ox} holds the
 * window under output pixel {@code (oy, ox)}, column {@code (ky · kw + kx) · count + ci} the input channel
 * {@code first + ci} at window position {@code (ky, kx)}. {@link Gemm#multiplyAdd(ConvPatches, PreparedMatrix,
 * float[], int)} reads the windows straight from the image: the Vector API path gathers them into its packed
 * blocks, so the patch matrix (nine times the image for a 3×3 kernel, several MB for one 64×64 example)
 * never passes through memory.
 *
 * <p>The image is one example, channels last, already zero-padded so that every window lies inside it:
 * pixel {@code (y, x)} starts at {@code offset + (y · width + x) · channels}, and window {@code (oy, ox)}
 * starts at pixel {@code (oy · sh, ox · sw)}, its position {@code (ky, kx)} at {@code ky · dh, kx · dw} from there.
 *
 * @param image    the padded example (not copied; must not change while a product reads it)
 * @param offset   where pixel {@code (0, 0)} starts
 * @param width    pixels per row of {@code image}
 * @param channels values per pixel of {@code image}
 * @param first    the first channel taken
 * @param count    the channels taken
 * @param kh       window rows
 * @param kw       window columns
 * @param sh       vertical stride
 * @param sw       horizontal stride
 * @param dh       vertical dilation
 * @param dw       horizontal dilation
 * @param outH     output rows
 * @param outW     output columns
 */
public record ConvPatches(float[] image, int offset, int width, int channels, int first, int count,
                          int kh, int kw, int sh, int sw, int dh, int dw, int outH, int outW) {

    /** Rows of the patch matrix: output pixels. */
    public int rows() {
        return outH * outW;
    }

    /** Columns of the patch matrix: {@code kh · kw · count}. */
    public int columns() {
        return kh * kw * count;
    }

    /** The same windows over channels {@code [first, first + count)} of the image (one group of a grouped convolution). */
    public ConvPatches channels(int first, int count) {
        return new ConvPatches(image, offset, width, channels, first, count, kh, kw, sh, sw, dh, dw, outH, outW);
    }

    /** Where window row {@code row} starts in {@link #image}, channel {@link #first}. */
    int windowStart(int row) {
        int oy = row / outW;
        int ox = row - oy * outW;
        return offset + ((oy * sh) * width + ox * sw) * channels + first;
    }

    /** How far window position {@code segment = ky · kw + kx} lies from the window's start. */
    int segmentShift(int segment) {
        int ky = segment / kw;
        int kx = segment - ky * kw;
        return (ky * dh * width + kx * dw) * channels;
    }

    /** Writes the patch matrix, row-major, into {@code dst} from 0. */
    void fill(float[] dst) {
        int segments = kh * kw;
        int p = 0;
        for (int row = 0; row < rows(); row++) {
            int start = windowStart(row);
            for (int s = 0; s < segments; s++, p += count) {
                System.arraycopy(image, start + segmentShift(s), dst, p, count);
            }
        }
    }
}
