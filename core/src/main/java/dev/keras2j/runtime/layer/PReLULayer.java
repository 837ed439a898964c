package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

/** PReLU with alpha broadcast along the shared axes; the mask passes through. */
final class PReLULayer implements RuntimeLayer {
    private final float[] alpha;
    private final int[] alphaShape;

    PReLULayer(CheckedLayer layer) {
        NdArray a = layer.weight("alpha");
        this.alpha = a.data();
        this.alphaShape = a.shape();
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        NdArray x = input.values();
        int[] shape = x.shape();
        int example = x.size() / Math.max(shape[0], 1);
        int[] alphaIndex = alphaIndex(shape, example);
        float[] in = x.data();
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            float v = in[i];
            out[i] = v > 0 ? v : alpha[alphaIndex[i % example]] * v;
        }
        return input.withValues(NdArray.of(out, shape));
    }

    /** For each element of one example, the index of its alpha (shared axes always read index 0). */
    private int[] alphaIndex(int[] shape, int example) {
        int rank = alphaShape.length;
        int[] index = new int[example];
        int[] counter = new int[rank];
        int[] alphaStrides = new int[rank];
        int stride = 1;
        for (int a = rank - 1; a >= 0; a--) {
            alphaStrides[a] = alphaShape[a] == 1 ? 0 : stride;
            stride *= alphaShape[a];
        }
        int pos = 0;
        for (int i = 0; i < example; i++) {
            index[i] = pos;
            for (int a = rank - 1; a >= 0; a--) {
                counter[a]++;
                pos += alphaStrides[a];
                if (counter[a] < shape[a + 1]) {
                    break;
                }
                pos -= alphaStrides[a] * shape[a + 1];
                counter[a] = 0;
            }
        }
        return index;
    }
}
