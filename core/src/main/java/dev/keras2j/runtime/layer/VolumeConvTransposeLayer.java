package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.Keras2jException;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.ConvTransposeSpec;
import dev.keras2j.model.layer.WindowArithmetic;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;
import dev.keras2j.runtime.kernel.ActivationFunctions;
import dev.keras2j.runtime.kernel.Gemm;
import dev.keras2j.runtime.kernel.PreparedMatrix;

import java.util.Arrays;

/**
 * Conv3DTranspose (any number of spatial axes), as {@link ConvTransposeLayer} does it for images: a
 * product gives every input position's contribution to each kernel tap ({@code x · kernel[tap]}), which is
 * added at output coordinate {@code i * stride + k * dilation - padBefore} on every axis (col2im), the
 * positions outside the output dropped; the bias is added last.
 */
final class VolumeConvTransposeLayer implements RuntimeLayer {
    /** The contributions one block of input positions holds at most (4 MB). */
    private static final int BLOCK_VALUES = 1 << 20;

    private final ConvTransposeSpec spec;
    /** {@code [in, (tap, f)]}: the kernel {@code [k..., filters, in]} with the input axis first. */
    private final PreparedMatrix kernelByInput;
    private final float[] bias;
    private final int taps;

    VolumeConvTransposeLayer(CheckedLayer layer) {
        this.spec = (ConvTransposeSpec) layer.spec();
        NdArray k = layer.weight("kernel");
        int in = k.dim(-1);
        int filters = spec.filters();
        this.taps = k.size() / (filters * in);
        float[] kd = k.data();
        int width = taps * filters;
        float[] byInput = new float[kd.length];
        for (int t = 0; t < taps; t++) {
            for (int f = 0; f < filters; f++) {
                for (int c = 0; c < in; c++) {
                    byInput[c * width + t * filters + f] = kd[(t * filters + f) * in + c];
                }
            }
        }
        this.kernelByInput = PreparedMatrix.of(byInput, in, width);
        this.bias = spec.useBias() ? layer.weight("bias").data() : null;
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        VolumeBatch x = VolumeBatch.of(input.values(), spec.rank(), spec.dataFormat());
        int rank = spec.rank();
        int[] k = spec.kernelSize();
        int[] s = spec.strides();
        int[] d = spec.dilationRate();
        int[] in = x.dims();
        int[] outDims = new int[rank];
        int[] pad = new int[rank];
        for (int i = 0; i < rank; i++) {
            outDims[i] = WindowArithmetic.transposeOutputLength(in[i], k[i], s[i], d[i], spec.padding(),
                    spec.outputPadding(i));
            pad[i] = WindowArithmetic.transposePadBefore(k[i], s[i], d[i], spec.padding(), spec.outputPadding(i));
            if (outDims[i] <= 0) {
                throw new Keras2jException(spec.describe() + ": computes an empty output for an input of spatial size "
                        + Arrays.toString(in));
            }
        }
        int filters = spec.filters();
        VolumeBatch out = VolumeBatch.zeros(x.n(), outDims, filters);
        float[] o = out.data();
        int positions = x.positions();
        int width = Math.multiplyExact(taps, filters);
        int block = Math.max(1, Math.min(positions, BLOCK_VALUES / width));
        float[] contributions = new float[block * width];
        int[] at = new int[rank];
        int[] tap = new int[rank];
        for (int b = 0; b < x.n(); b++) {
            for (int p0 = 0; p0 < positions; p0 += block) {
                int m = Math.min(block, positions - p0);
                Gemm.multiply(x.data(), x.offset(b, p0), kernelByInput, contributions, 0, m);
                for (int r = 0; r < m; r++) {
                    VolumeBatch.coordinates(p0 + r, in, at);
                    for (int t = 0; t < taps; t++) {
                        VolumeBatch.coordinates(t, k, tap);
                        int flat = 0;
                        boolean inside = true;
                        for (int i = 0; i < rank; i++) {
                            int v = at[i] * s[i] + tap[i] * d[i] - pad[i];
                            if (v < 0 || v >= outDims[i]) {
                                inside = false;
                                break;
                            }
                            flat = flat * outDims[i] + v;
                        }
                        if (inside) {
                            int src = r * width + t * filters;
                            int dst = out.offset(b, flat);
                            for (int f = 0; f < filters; f++) {
                                o[dst + f] += contributions[src + f];
                            }
                        }
                    }
                }
            }
            if (bias != null) {
                for (int p = 0; p < out.positions(); p++) {
                    int dst = out.offset(b, p);
                    for (int f = 0; f < filters; f++) {
                        o[dst + f] += bias[f];
                    }
                }
            }
        }
        NdArray y = out.toArray(spec.dataFormat());
        ActivationFunctions.apply(spec.activation(), y.data(), y.shape());
        return MaskedArray.of(y);
    }
}
