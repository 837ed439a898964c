package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.ConvSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;
import dev.keras2j.runtime.kernel.ActivationFunctions;
import dev.keras2j.runtime.kernel.Gemm;
import dev.keras2j.runtime.kernel.Parallelism;
import dev.keras2j.runtime.kernel.PreparedMatrix;

/**
 * Conv3D (any number of spatial axes) as a matrix multiply: per example and per channel group, a block of
 * output positions at a time, the patch matrix {@code [positions, taps · inPerGroup]} (zeros where a
 * window reaches past the input) times the kernel {@code [taps · inPerGroup, outPerGroup]}, started from
 * the bias. {@link Gemm} gives each row the same bits whatever rows surround it, so neither the block size
 * nor the thread count changes an output.
 */
final class VolumeConvLayer implements RuntimeLayer {
    /** The patch values one block holds at most (4 MB), so large volumes never build their whole patch matrix. */
    private static final int BLOCK_VALUES = 1 << 20;

    private final ConvSpec spec;
    private final PreparedMatrix[] groupKernels;
    private final float[] bias;
    private final int inPerGroup;
    private final int outPerGroup;

    VolumeConvLayer(CheckedLayer layer) {
        this.spec = (ConvSpec) layer.spec();
        NdArray k = layer.weight("kernel");
        int filters = spec.filters();
        this.inPerGroup = k.dim(-2);
        this.outPerGroup = filters / spec.groups();
        int rows = k.size() / filters;
        this.groupKernels = new PreparedMatrix[spec.groups()];
        for (int g = 0; g < groupKernels.length; g++) {
            groupKernels[g] = groupKernels.length == 1 ? PreparedMatrix.of(k.data(), rows, filters)
                    : PreparedMatrix.columns(k.data(), rows, filters, g * outPerGroup, outPerGroup);
        }
        this.bias = spec.useBias() ? layer.weight("bias").data() : null;
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        VolumeBatch x = VolumeBatch.of(input.values(), spec.rank(), spec.dataFormat());
        WindowGeometry g = WindowGeometry.forward(spec.describe(), spec.kernelSize(), spec.strides(),
                spec.dilationRate(), spec.padding(), x.dims());
        int filters = spec.filters();
        VolumeBatch out = VolumeBatch.zeros(x.n(), g.out(), filters);
        int positions = out.positions();
        int width = Math.multiplyExact(g.taps(), inPerGroup);
        int block = Math.max(1, Math.min(positions, BLOCK_VALUES / Math.max(width, 1)));
        int blocks = (positions + block - 1) / block;
        float[] o = out.data();
        Parallelism.forRange(Math.multiplyExact(x.n(), blocks), x.n() * blocks > 1, (u0, u1) -> {
            float[] patches = new float[block * width];
            float[] product = new float[block * outPerGroup];
            int[] at = new int[g.out().length];
            for (int u = u0; u < u1; u++) {
                int b = u / blocks;
                int p0 = (u % blocks) * block;
                int m = Math.min(block, positions - p0);
                for (int grp = 0; grp < groupKernels.length; grp++) {
                    Im2ColNd.patches(x, b, g, grp * inPerGroup, inPerGroup, p0, m, patches, at);
                    for (int r = 0; r < m; r++) {
                        if (bias == null) {
                            java.util.Arrays.fill(product, r * outPerGroup, (r + 1) * outPerGroup, 0f);
                        } else {
                            System.arraycopy(bias, grp * outPerGroup, product, r * outPerGroup, outPerGroup);
                        }
                    }
                    Gemm.multiplyAdd(patches, 0, groupKernels[grp], product, 0, m);
                    for (int r = 0; r < m; r++) {
                        System.arraycopy(product, r * outPerGroup, o, out.offset(b, p0 + r) + grp * outPerGroup,
                                outPerGroup);
                    }
                }
            }
        });
        NdArray y = out.toArray(spec.dataFormat());
        ActivationFunctions.apply(spec.activation(), y.data(), y.shape());
        // Keras drops the mask: convolutions do not support masking.
        return MaskedArray.of(y);
    }
}
