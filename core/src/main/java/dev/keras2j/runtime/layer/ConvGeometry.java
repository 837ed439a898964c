package dev.keras2j.runtime.layer;

import dev.keras2j.model.Keras2jException;
import dev.keras2j.model.layer.BaseConvSpec;
import dev.keras2j.model.layer.Padding;
import dev.keras2j.model.layer.WindowArithmetic;

/**
 * Where the windows of a convolution or pooling lie for one input size, in the 2D frame of
 * {@link ImageBatch} (a 1D layer has a kernel of height 1 and no vertical padding): input row
 * {@code oy * strideH + ky * dilationH - padTop} feeds output row {@code oy}.
 */
record ConvGeometry(int kh, int kw, int sh, int sw, int dh, int dw, int padTop, int padLeft, int outH, int outW) {

    /** The geometry of a forward convolution or pooling window over an {@code h × w} input. */
    static ConvGeometry forward(int rank, int[] kernel, int[] strides, int[] dilation, Padding padding, int h, int w) {
        int a = rank - 1;
        int kh = rank == 1 ? 1 : kernel[0];
        int sh = rank == 1 ? 1 : strides[0];
        int dh = rank == 1 ? 1 : dilation[0];
        int padTop = rank == 1 ? 0 : WindowArithmetic.padBefore(h, kh, sh, dh, padding);
        int outH = rank == 1 ? 1 : WindowArithmetic.outputLength(h, kh, sh, dh, padding);
        return new ConvGeometry(kh, kernel[a], sh, strides[a], dh, dilation[a], padTop,
                WindowArithmetic.padBefore(w, kernel[a], strides[a], dilation[a], padding),
                outH, WindowArithmetic.outputLength(w, kernel[a], strides[a], dilation[a], padding));
    }

    /** Fails when the input is too small for a window (possible only for dimensions left open). */
    ConvGeometry requireOutput(String layer, int h, int w) {
        if (outH <= 0 || outW <= 0) {
            throw new Keras2jException(layer + ": input of spatial size " + h + "x" + w + " is smaller than the window");
        }
        return this;
    }

    /** The forward geometry of a convolution layer. */
    static ConvGeometry forward(BaseConvSpec spec, int h, int w) {
        return forward(spec.rank(), spec.kernelSize(), spec.strides(), spec.dilationRate(), spec.padding(), h, w)
                .requireOutput(spec.describe(), h, w);
    }
}
