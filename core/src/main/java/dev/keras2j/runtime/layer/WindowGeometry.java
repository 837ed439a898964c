package dev.keras2j.runtime.layer;

import dev.keras2j.model.Keras2jException;
import dev.keras2j.model.layer.Padding;
import dev.keras2j.model.layer.WindowArithmetic;

import java.util.Arrays;

/**
 * Where the windows of a convolution or pooling lie along every spatial axis of a {@link VolumeBatch}
 * ({@link ConvGeometry} for any number of axes): input coordinate {@code o * stride + k * dilation - padBefore}
 * of axis {@code i} feeds output coordinate {@code o}.
 */
record WindowGeometry(int[] kernel, int[] strides, int[] dilation, int[] padBefore, int[] out) {

    /** The geometry of a forward window over an input of spatial size {@code in}. */
    static WindowGeometry forward(String layer, int[] kernel, int[] strides, int[] dilation, Padding padding, int[] in) {
        int rank = in.length;
        int[] pad = new int[rank];
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            pad[i] = WindowArithmetic.padBefore(in[i], kernel[i], strides[i], dilation[i], padding);
            out[i] = WindowArithmetic.outputLength(in[i], kernel[i], strides[i], dilation[i], padding);
            if (out[i] <= 0) {
                // Possible only for dimensions left open in the model.
                throw new Keras2jException(layer + ": input of spatial size " + Arrays.toString(in)
                        + " is smaller than the window");
            }
        }
        return new WindowGeometry(kernel.clone(), strides.clone(), dilation.clone(), pad, out);
    }

    /** Window taps: the product of the kernel's extents. */
    int taps() {
        return VolumeBatch.positions(kernel);
    }
}
