package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import dev.keras2j.model.layer.EinsumDenseSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;
import dev.keras2j.runtime.kernel.ActivationFunctions;

/**
 * EinsumDense: every output element is the sum, over the letters absent from the output, of input times
 * kernel, accumulated in double; then the bias (broadcast over the output's last axes) and the activation.
 * The offsets of the summed letters in both operands are computed once per call.
 */
final class EinsumDenseLayer implements RuntimeLayer {
    private final EinsumDenseSpec spec;
    private final float[] kernel;
    private final float[] bias;

    EinsumDenseLayer(CheckedLayer layer) {
        this.spec = (EinsumDenseSpec) layer.spec();
        this.kernel = layer.weight("kernel").data();
        this.bias = spec.useBias() ? layer.weight("bias").data() : null;
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        NdArray x = input.values();
        EinsumDenseSpec.Resolved r = spec.resolve(Shape.ofExample(x));
        int[] sizes = r.sizes().clone();
        int[] xShape = x.shape();
        String in = r.inputLetters();
        for (int i = 0; i < in.length(); i++) {
            sizes[in.charAt(i)] = xShape[i];
        }
        String k = r.kernelLetters();
        String out = r.outputLetters();
        StringBuilder summed = new StringBuilder();
        for (String operand : new String[] {in, k}) {
            for (char c : operand.toCharArray()) {
                if (out.indexOf(c) < 0 && summed.indexOf(String.valueOf(c)) < 0) {
                    summed.append(c);
                }
            }
        }
        int[] xStrides = strides(in, sizes);
        int[] kStrides = strides(k, sizes);
        // Offsets of every combination of the summed letters, in the input and in the kernel.
        int[] sumDims = dims(summed.toString(), sizes);
        int terms = VolumeBatch.positions(sumDims);
        int[] xTerm = new int[terms];
        int[] kTerm = new int[terms];
        int[] at = new int[sumDims.length];
        for (int t = 0; t < terms; t++) {
            VolumeBatch.coordinates(t, sumDims, at);
            for (int j = 0; j < at.length; j++) {
                char c = summed.charAt(j);
                xTerm[t] += at[j] * xStrides[c];
                kTerm[t] += at[j] * kStrides[c];
            }
        }
        int[] outDims = dims(out, sizes);
        int count = VolumeBatch.positions(outDims);
        float[] y = new float[count];
        float[] xv = x.data();
        int[] o = new int[outDims.length];
        int[] biasShape = r.biasShape();
        int[] biasStrides = null;
        if (biasShape != null) {
            biasStrides = new int[outDims.length];
            int stride = 1;
            for (int i = biasShape.length - 1; i >= 0; i--) {
                int axis = outDims.length - biasShape.length + i;
                biasStrides[axis] = biasShape[i] == 1 ? 0 : stride;
                stride *= biasShape[i];
            }
        }
        for (int p = 0; p < count; p++) {
            VolumeBatch.coordinates(p, outDims, o);
            int xBase = 0;
            int kBase = 0;
            int b = 0;
            for (int i = 0; i < o.length; i++) {
                char c = out.charAt(i);
                xBase += o[i] * xStrides[c];
                kBase += o[i] * kStrides[c];
                if (biasStrides != null) {
                    b += o[i] * biasStrides[i];
                }
            }
            double sum = 0;
            for (int t = 0; t < terms; t++) {
                sum += (double) xv[xBase + xTerm[t]] * kernel[kBase + kTerm[t]];
            }
            float v = (float) sum;
            y[p] = bias == null ? v : v + bias[b];
        }
        ActivationFunctions.apply(spec.activation(), y, outDims);
        // Keras's EinsumDense does not support masking: the mask is dropped.
        return MaskedArray.of(NdArray.of(y, outDims));
    }

    /** Row-major strides of an operand by letter (0 for letters it lacks). */
    private static int[] strides(String letters, int[] sizes) {
        int[] s = new int[128];
        int stride = 1;
        for (int i = letters.length() - 1; i >= 0; i--) {
            s[letters.charAt(i)] = stride;
            stride = Math.multiplyExact(stride, sizes[letters.charAt(i)]);
        }
        return s;
    }

    private static int[] dims(String letters, int[] sizes) {
        int[] d = new int[letters.length()];
        for (int i = 0; i < d.length; i++) {
            d[i] = sizes[letters.charAt(i)];
        }
        return d;
    }
}
