package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.DenseSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;
import dev.keras2j.runtime.kernel.ActivationFunctions;
import dev.keras2j.runtime.kernel.Gemm;

/** Dense over the last axis: every leading axis is folded into the rows of one matrix multiply. */
final class DenseLayer implements RuntimeLayer {
    private final DenseSpec spec;
    private final float[] kernel;
    private final float[] bias;
    private final int inputs;

    DenseLayer(CheckedLayer layer) {
        this.spec = (DenseSpec) layer.spec();
        NdArray k = layer.weight("kernel");
        this.kernel = k.data();
        this.inputs = k.dim(0);
        this.bias = spec.useBias() ? layer.weight("bias").data() : null;
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        NdArray x = input.values();
        int rows = x.size() / inputs;
        float[] out = Gemm.multiply(x.data(), kernel, bias, rows, inputs, spec.units());
        int[] shape = x.shape();
        shape[shape.length - 1] = spec.units();
        ActivationFunctions.apply(spec.activation(), out, shape);
        return input.withValues(NdArray.of(out, shape));
    }
}
