package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.SeparableConvSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;
import dev.keras2j.runtime.kernel.ActivationFunctions;
import dev.keras2j.runtime.kernel.Gemm;
import dev.keras2j.runtime.kernel.PreparedMatrix;

/** SeparableConv1D / SeparableConv2D: the depthwise loop, then the 1×1 pointwise step as one Gemm. */
final class SeparableConvLayer implements RuntimeLayer {
    private final SeparableConvSpec spec;
    private final float[] depthwise;
    /** The 1×1 kernel {@code [in·depth_multiplier, filters]}, multiplied by every batch. */
    private final PreparedMatrix pointwise;
    private final float[] bias;

    SeparableConvLayer(CheckedLayer layer) {
        this.spec = (SeparableConvSpec) layer.spec();
        this.depthwise = layer.weight("depthwise_kernel").data();
        NdArray pw = layer.weight("pointwise_kernel");
        this.pointwise = PreparedMatrix.of(pw.data(), pw.dim(-2), spec.filters());
        this.bias = spec.useBias() ? layer.weight("bias").data() : null;
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        ImageBatch x = ImageBatch.of(input.values(), spec.rank(), spec.dataFormat());
        ConvGeometry g = ConvGeometry.forward(spec, x.h(), x.w());
        ImageBatch mid = DepthwiseConvLayer.convolve(x, g, depthwise, spec.depthMultiplier(), null);
        int rows = mid.n() * mid.h() * mid.w();
        float[] o = Gemm.multiply(mid.data(), pointwise, bias, rows);
        NdArray y = new ImageBatch(o, mid.n(), mid.h(), mid.w(), spec.filters()).toArray(spec.rank(), spec.dataFormat());
        ActivationFunctions.apply(spec.activation(), y.data(), y.shape());
        return MaskedArray.of(y);
    }
}
