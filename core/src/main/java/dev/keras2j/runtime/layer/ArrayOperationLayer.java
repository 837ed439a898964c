package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.ArrayOperationSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;
import dev.keras2j.runtime.kernel.Transpose;

import java.util.List;

/**
 * reshape, expand_dims and squeeze keep the values in row-major order and change only the shape; transpose
 * permutes; stack interleaves its inputs along a new axis; indexing gathers a strided box (new axes of size 1
 * are the output shape's, which keeps the gathered order). Operations carry
 * no mask.
 */
final class ArrayOperationLayer implements RuntimeLayer {
    private final ArrayOperationSpec spec;
    private final int[] exampleShape;

    ArrayOperationLayer(CheckedLayer layer) {
        this.spec = (ArrayOperationSpec) layer.spec();
        this.exampleShape = layer.outputShape().dims();
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        NdArray x = input.values();
        int batch = x.dim(0);
        return MaskedArray.of(switch (spec.kind()) {
            case RESHAPE, EXPAND_DIMS, SQUEEZE -> NdArray.of(x.data(), withBatch(batch));
            case TRANSPOSE -> NdArray.of(Transpose.apply(x.data(), x.shape(), spec.permutation()),
                    Transpose.permutedShape(x.shape(), spec.permutation()));
            case GET_ITEM -> indexed(x);
            case STACK -> stacked(List.of(input));
        });
    }

    @Override
    public MaskedArray forward(List<MaskedArray> inputs) {
        if (spec.kind() == ArrayOperationSpec.Kind.STACK) {
            return MaskedArray.of(stacked(inputs));
        }
        return RuntimeLayer.super.forward(inputs);
    }

    private int[] withBatch(int batch) {
        int[] s = new int[exampleShape.length + 1];
        s[0] = batch;
        System.arraycopy(exampleShape, 0, s, 1, exampleShape.length);
        return s;
    }

    private NdArray stacked(List<MaskedArray> inputs) {
        int[] in = inputs.get(0).values().shape();
        int axis = spec.stackAxis(in.length + 1);
        // values before the new axis are the outer blocks; each input contributes one inner block per outer one
        int inner = 1;
        for (int a = axis; a < in.length; a++) {
            inner *= in[a];
        }
        int outer = inner == 0 ? 0 : inputs.get(0).values().size() / inner;
        int n = inputs.size();
        float[] out = new float[outer * n * inner];
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < n; k++) {
                System.arraycopy(inputs.get(k).values().data(), o * inner, out, (o * n + k) * inner, inner);
            }
        }
        int[] shape = new int[in.length + 1];
        for (int a = 0, j = 0; a < shape.length; a++) {
            shape[a] = a == axis ? n : in[j++];
        }
        return NdArray.of(out, shape);
    }

    private NdArray indexed(NdArray x) {
        int[] shape = x.shape();
        int rank = shape.length;
        long[] start = new long[rank];
        long[] step = new long[rank];
        int[] count = new int[rank];
        List<ArrayOperationSpec.Index> key = spec.key(rank);
        for (int a = 0; a < rank; a++) {
            if (key.get(a).drop()) {
                long i = key.get(a).index();
                start[a] = i < 0 ? i + shape[a] : i;
                count[a] = 1;
            } else {
                long[] s = ArrayOperationSpec.slice(key.get(a), shape[a]);
                start[a] = s[0];
                step[a] = s[1];
                count[a] = (int) s[2];
            }
        }
        int[] strides = new int[rank];
        int total = 1;
        for (int a = rank - 1; a >= 0; a--) {
            strides[a] = a == rank - 1 ? 1 : strides[a + 1] * shape[a + 1];
            total *= count[a];
        }
        float[] data = x.data();
        float[] out = new float[total];
        int[] at = new int[rank];
        for (int o = 0; o < total; o++) {
            long src = 0;
            for (int a = 0; a < rank; a++) {
                src += (start[a] + at[a] * step[a]) * strides[a];
            }
            out[o] = data[(int) src];
            for (int a = rank - 1; a >= 0; a--) {
                if (++at[a] < count[a]) {
                    break;
                }
                at[a] = 0;
            }
        }
        return NdArray.of(out, withBatch(shape[0]));
    }
}
