package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.DepthwiseConvSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;
import dev.keras2j.runtime.kernel.ActivationFunctions;

/** DepthwiseConv1D / DepthwiseConv2D as a direct loop whose inner loop runs over contiguous channels. */
final class DepthwiseConvLayer implements RuntimeLayer {
    private final DepthwiseConvSpec spec;
    private final float[] kernel;
    private final float[] bias;

    DepthwiseConvLayer(CheckedLayer layer) {
        this.spec = (DepthwiseConvSpec) layer.spec();
        this.kernel = layer.weight("depthwise_kernel").data();
        this.bias = spec.useBias() ? layer.weight("bias").data() : null;
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        ImageBatch x = ImageBatch.of(input.values(), spec.rank(), spec.dataFormat());
        ConvGeometry g = ConvGeometry.forward(spec, x.h(), x.w());
        ImageBatch out = convolve(x, g, kernel, spec.depthMultiplier(), bias);
        NdArray y = out.toArray(spec.rank(), spec.dataFormat());
        ActivationFunctions.apply(spec.activation(), y.data(), y.shape());
        return MaskedArray.of(y);
    }

    /**
     * {@code out[b, oy, ox, c * dm + m] = bias + Σ x[b, iy, ix, c] · kernel[ky, kx, c, m]}, with kernel
     * laid out {@code [kh, kw, c, dm]}.
     */
    static ImageBatch convolve(ImageBatch x, ConvGeometry g, float[] kernel, int dm, float[] bias) {
        int c = x.c();
        int oc = c * dm;
        ImageBatch out = ImageBatch.zeros(x.n(), g.outH(), g.outW(), oc);
        float[] o = out.data();
        float[] src = x.data();
        for (int b = 0; b < x.n(); b++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                for (int ox = 0; ox < g.outW(); ox++) {
                    int dst = out.offset(b, oy, ox);
                    if (bias != null) {
                        System.arraycopy(bias, 0, o, dst, oc);
                    }
                    for (int ky = 0; ky < g.kh(); ky++) {
                        int iy = oy * g.sh() + ky * g.dh() - g.padTop();
                        if (iy < 0 || iy >= x.h()) {
                            continue;
                        }
                        for (int kx = 0; kx < g.kw(); kx++) {
                            int ix = ox * g.sw() + kx * g.dw() - g.padLeft();
                            if (ix < 0 || ix >= x.w()) {
                                continue;
                            }
                            int in = x.offset(b, iy, ix);
                            int k = (ky * g.kw() + kx) * oc;
                            for (int ch = 0; ch < c; ch++) {
                                float v = src[in + ch];
                                int base = ch * dm;
                                for (int m = 0; m < dm; m++) {
                                    o[dst + base + m] += v * kernel[k + base + m];
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }
}
