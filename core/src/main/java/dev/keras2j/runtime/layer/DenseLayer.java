package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.DenseSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;
import dev.keras2j.runtime.kernel.ActivationFunctions;
import dev.keras2j.runtime.kernel.Gemm;
import dev.keras2j.runtime.kernel.PreparedMatrix;

/**
 * Dense over the last axis: every leading axis is folded into the rows of one matrix multiply. The kernel
 * is a {@link PreparedMatrix}: batches of four or more on the Vector API path pack it once (keeping a
 * second copy of the kernel in memory) instead of at every call, which for a large kernel and a batch of
 * 32 costs about as much as the multiply itself; single examples read it as stored.
 */
final class DenseLayer implements RuntimeLayer {
    private final DenseSpec spec;
    private final PreparedMatrix kernel;
    private final float[] bias;
    private final int inputs;

    DenseLayer(CheckedLayer layer) {
        this.spec = (DenseSpec) layer.spec();
        NdArray k = layer.weight("kernel");
        this.inputs = k.dim(0);
        this.kernel = PreparedMatrix.of(k.data(), inputs, spec.units());
        this.bias = spec.useBias() ? layer.weight("bias").data() : null;
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        NdArray x = input.values();
        int rows = x.size() / inputs;
        float[] out = Gemm.multiply(x.data(), kernel, bias, rows);
        int[] shape = x.shape();
        shape[shape.length - 1] = spec.units();
        ActivationFunctions.apply(spec.activation(), out, shape);
        return input.withValues(NdArray.of(out, shape));
    }
}
