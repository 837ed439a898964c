package dev.keras2j.runtime.layer;

import dev.keras2j.model.ActivationSpec;
import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.model.layer.ConvLstmSpec;
import dev.keras2j.model.layer.Padding;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;
import dev.keras2j.runtime.kernel.ActivationFunctions;
import dev.keras2j.runtime.kernel.Gemm;
import dev.keras2j.runtime.kernel.PreparedMatrix;

import java.util.Arrays;

/**
 * ConvLSTM1D/2D/3D on the N-D path ({@link VolumeBatch}): the input convolutions of every frame at once (time
 * folded into the batch, patch matrix times {@code kernel} from the bias, as {@link VolumeConvLayer}), then
 * step by step the state's {@code same} convolution with {@code recurrent_kernel} and Keras's gate updates in
 * float: {@code c = f·c + i·act(z_c)}, {@code h = o·act(c)}.
 */
final class ConvLstmLayer implements RuntimeLayer {
    private final ConvLstmSpec spec;
    private final PreparedMatrix kernel;
    private final PreparedMatrix recurrentKernel;
    private final float[] bias;
    private final int[] ones;

    ConvLstmLayer(CheckedLayer layer) {
        this.spec = (ConvLstmSpec) layer.spec();
        int width = 4 * spec.filters();
        NdArray k = layer.weight("kernel");
        NdArray rk = layer.weight("recurrent_kernel");
        this.kernel = PreparedMatrix.of(k.data(), k.size() / width, width);
        this.recurrentKernel = PreparedMatrix.of(rk.data(), rk.size() / width, width);
        this.bias = spec.useBias() ? layer.weight("bias").data() : new float[width];
        this.ones = new int[spec.rank()];
        Arrays.fill(ones, 1);
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        if (input.mask() != null) {
            throw new UnsupportedModelException(spec.describe() + ": a masked input to ConvLSTM is not supported");
        }
        NdArray x = input.values();
        int[] shape = x.shape();
        int n = shape[0];
        int steps = shape[1];
        int rank = spec.rank();
        int filters = spec.filters();
        int width = 4 * filters;
        int[] frameShape = new int[shape.length - 1];
        frameShape[0] = n * steps;
        System.arraycopy(shape, 2, frameShape, 1, shape.length - 2);
        VolumeBatch frames = VolumeBatch.of(x.reshape(frameShape), rank, spec.dataFormat());
        WindowGeometry g = WindowGeometry.forward(spec.describe(), spec.kernelSize(), spec.strides(),
                spec.dilationRate(), spec.padding(), frames.dims());
        int positions = VolumeBatch.positions(g.out());
        // Every frame's input gates [n·steps][positions][4·filters], started from the bias.
        float[] inputGates = new float[Math.multiplyExact(Math.multiplyExact(n * steps, positions), width)];
        float[] patches = new float[Math.multiplyExact(positions, g.taps() * frames.c())];
        int[] at = new int[rank];
        for (int f = 0; f < n * steps; f++) {
            Im2ColNd.patches(frames, f, g, 0, frames.c(), 0, positions, patches, at);
            int base = f * positions * width;
            for (int p = 0; p < positions; p++) {
                System.arraycopy(bias, 0, inputGates, base + p * width, width);
            }
            Gemm.multiplyAdd(patches, 0, kernel, inputGates, base, positions);
        }
        WindowGeometry rg = WindowGeometry.forward(spec.describe(), spec.kernelSize(), ones, ones, Padding.SAME, g.out());
        VolumeBatch h = VolumeBatch.zeros(n, g.out(), filters);
        VolumeBatch next = VolumeBatch.zeros(n, g.out(), filters);
        float[] c = new float[n * positions * filters];
        VolumeBatch sequence = spec.returnSequences() ? VolumeBatch.zeros(n * steps, g.out(), filters) : null;
        float[] recurrentPatches = new float[Math.multiplyExact(positions, rg.taps() * filters)];
        float[] z = new float[positions * width];
        float[] cellOut = new float[filters];
        ActivationSpec act = spec.activation();
        ActivationSpec gate = spec.recurrentActivation();
        for (int s = 0; s < steps; s++) {
            int t = spec.goBackwards() ? steps - 1 - s : s;
            for (int b = 0; b < n; b++) {
                Im2ColNd.patches(h, b, rg, 0, filters, 0, positions, recurrentPatches, at);
                System.arraycopy(inputGates, (b * steps + t) * positions * width, z, 0, positions * width);
                Gemm.multiplyAdd(recurrentPatches, 0, recurrentKernel, z, 0, positions);
                float[] hv = next.data();
                for (int p = 0; p < positions; p++) {
                    int zi = p * width;
                    ActivationFunctions.applyElementwise(gate, z, zi, zi + 2 * filters);
                    ActivationFunctions.applyElementwise(act, z, zi + 2 * filters, zi + 3 * filters);
                    ActivationFunctions.applyElementwise(gate, z, zi + 3 * filters, zi + width);
                    int ci = (b * positions + p) * filters;
                    for (int k = 0; k < filters; k++) {
                        c[ci + k] = z[zi + filters + k] * c[ci + k] + z[zi + k] * z[zi + 2 * filters + k];
                        cellOut[k] = c[ci + k];
                    }
                    ActivationFunctions.applyElementwise(act, cellOut, 0, filters);
                    for (int k = 0; k < filters; k++) {
                        hv[ci + k] = z[zi + 3 * filters + k] * cellOut[k];
                    }
                }
            }
            VolumeBatch swap = h;
            h = next;
            next = swap;
            if (sequence != null) {
                for (int b = 0; b < n; b++) {
                    System.arraycopy(h.data(), b * positions * filters, sequence.data(),
                            (b * steps + s) * positions * filters, positions * filters);
                }
            }
        }
        if (sequence == null) {
            return MaskedArray.of(h.toArray(spec.dataFormat()));
        }
        NdArray frame = sequence.toArray(spec.dataFormat());
        int[] fs = frame.shape();
        int[] out = new int[fs.length + 1];
        out[0] = n;
        out[1] = steps;
        System.arraycopy(fs, 1, out, 2, fs.length - 1);
        return MaskedArray.of(frame.reshape(out));
    }
}
