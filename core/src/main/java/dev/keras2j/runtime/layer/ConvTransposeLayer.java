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

/**
 * Conv1DTranspose / Conv2DTranspose: one Gemm per example gives every input position's contribution
 * to each kernel tap ({@code x · kernel[ky, kx]}), which is then added at output position
 * {@code i * stride + k * dilation - padBefore} (col2im), the positions outside the output dropped.
 */
final class ConvTransposeLayer implements RuntimeLayer {
    private final ConvTransposeSpec spec;
    /** {@code [in, (ky, kx, f)]}: the kernel {@code [kh, kw, filters, in]} with the input axis first. */
    private final PreparedMatrix kernelByInput;
    private final float[] bias;
    private final int inChannels;
    private final int taps;

    ConvTransposeLayer(CheckedLayer layer) {
        this.spec = (ConvTransposeSpec) layer.spec();
        NdArray k = layer.weight("kernel");
        this.inChannels = k.dim(-1);
        int filters = spec.filters();
        this.taps = k.size() / (filters * inChannels);
        float[] kd = k.data();
        int width = taps * filters;
        float[] byInput = new float[kd.length];
        for (int t = 0; t < taps; t++) {
            for (int f = 0; f < filters; f++) {
                for (int c = 0; c < inChannels; c++) {
                    byInput[c * width + t * filters + f] = kd[(t * filters + f) * inChannels + c];
                }
            }
        }
        this.kernelByInput = PreparedMatrix.of(byInput, inChannels, width);
        this.bias = spec.useBias() ? layer.weight("bias").data() : null;
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        ImageBatch x = ImageBatch.of(input.values(), spec.rank(), spec.dataFormat());
        int rank = spec.rank();
        int[] k = spec.kernelSize();
        int[] s = spec.strides();
        int[] d = spec.dilationRate();
        int a = rank - 1;
        int kh = rank == 1 ? 1 : k[0];
        int sh = rank == 1 ? 1 : s[0];
        int dh = rank == 1 ? 1 : d[0];
        int outH = rank == 1 ? 1
                : WindowArithmetic.transposeOutputLength(x.h(), kh, sh, dh, spec.padding(), spec.outputPadding(0));
        int padTop = rank == 1 ? 0 : WindowArithmetic.transposePadBefore(kh, sh, dh, spec.padding(), spec.outputPadding(0));
        int kw = k[a];
        int sw = s[a];
        int dw = d[a];
        int outW = WindowArithmetic.transposeOutputLength(x.w(), kw, sw, dw, spec.padding(), spec.outputPadding(a));
        int padLeft = WindowArithmetic.transposePadBefore(kw, sw, dw, spec.padding(), spec.outputPadding(a));

        if (outH <= 0 || outW <= 0) {
            throw new Keras2jException(spec.describe() + ": computes an empty output for an input of spatial size "
                    + x.h() + "x" + x.w());
        }
        int filters = spec.filters();
        ImageBatch out = ImageBatch.zeros(x.n(), outH, outW, filters);
        float[] o = out.data();
        int positions = x.h() * x.w();
        int width = taps * filters;
        float[] contributions = new float[positions * width];
        for (int b = 0; b < x.n(); b++) {
            java.util.Arrays.fill(contributions, 0f);
            Gemm.multiplyAdd(x.data(), x.offset(b, 0, 0), kernelByInput, contributions, 0, positions);
            for (int iy = 0; iy < x.h(); iy++) {
                for (int ix = 0; ix < x.w(); ix++) {
                    int row = (iy * x.w() + ix) * width;
                    for (int ky = 0; ky < kh; ky++) {
                        int oy = iy * sh + ky * dh - padTop;
                        if (oy < 0 || oy >= outH) {
                            continue;
                        }
                        for (int kx = 0; kx < kw; kx++) {
                            int ox = ix * sw + kx * dw - padLeft;
                            if (ox < 0 || ox >= outW) {
                                continue;
                            }
                            int src = row + (ky * kw + kx) * filters;
                            int dst = out.offset(b, oy, ox);
                            for (int f = 0; f < filters; f++) {
                                o[dst + f] += contributions[src + f];
                            }
                        }
                    }
                }
            }
            if (bias != null) {
                for (int p = 0; p < outH * outW; p++) {
                    int dst = out.offset(b, 0, 0) + p * filters;
                    for (int f = 0; f < filters; f++) {
                        o[dst + f] += bias[f];
                    }
                }
            }
        }
        NdArray y = out.toArray(rank, spec.dataFormat());
        ActivationFunctions.apply(spec.activation(), y.data(), y.shape());
        return MaskedArray.of(y);
    }
}
