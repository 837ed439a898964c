package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.MergeSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

import java.util.List;

/**
 * Element-wise merges with Keras's broadcasting, and concatenation. Element-wise results are accumulated
 * input by input in float, in Keras's order, so that rounding matches.
 */
final class MergeLayer implements RuntimeLayer {
    private final MergeSpec spec;
    private final int exampleRank;

    MergeLayer(CheckedLayer layer) {
        this.spec = (MergeSpec) layer.spec();
        this.exampleRank = layer.outputShape().rank();
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        throw new IllegalStateException(spec.describe() + " needs several inputs");
    }

    @Override
    public MaskedArray forward(List<MaskedArray> inputs) {
        NdArray out = spec.op() == MergeSpec.Op.CONCATENATE ? concatenate(inputs) : elementwise(inputs);
        return new MaskedArray(out, mergedMask(inputs, out));
    }

    private NdArray elementwise(List<MaskedArray> inputs) {
        if (spec.operands() != null) {
            return operation(inputs);
        }
        return elementwiseOfTensors(inputs);
    }

    private NdArray elementwiseOfTensors(List<MaskedArray> inputs) {
        int batch = inputs.get(0).values().dim(0);
        int[] outShape = new int[exampleRank + 1];
        outShape[0] = batch;
        for (MaskedArray in : inputs) {
            int[] s = in.values().shape();
            int offset = outShape.length - s.length;
            for (int i = 1; i < s.length; i++) {
                outShape[offset + i] = Math.max(outShape[offset + i], s[i]);
            }
        }
        int n = (int) NdArray.elementCount(outShape);
        float[] acc = broadcastCopy(inputs.get(0).values(), outShape, n);
        for (int k = 1; k < inputs.size(); k++) {
            float[] x = broadcastCopy(inputs.get(k).values(), outShape, n);
            for (int i = 0; i < n; i++) {
                acc[i] = apply(acc[i], x[i]);
            }
        }
        if (spec.op() == MergeSpec.Op.AVERAGE) {
            float count = inputs.size();
            for (int i = 0; i < n; i++) {
                acc[i] /= count;
            }
        }
        return NdArray.of(acc, outShape);
    }

    private float apply(float a, float b) {
        return switch (spec.op()) {
            case ADD, AVERAGE -> a + b;
            case SUBTRACT -> a - b;
            case MULTIPLY -> a * b;
            case DIVIDE -> a / b;
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
            case CONCATENATE -> throw new IllegalStateException();
        };
    }

    /** A Keras operation node with a number operand: {@code x op c} or {@code c op x}. */
    private NdArray operation(List<MaskedArray> inputs) {
        if (inputs.size() != 1) {
            return elementwiseOfTensors(inputs);
        }
        NdArray x = inputs.get(0).values();
        float[] in = x.data();
        float[] out = new float[in.length];
        Float first = spec.operands().get(0);
        Float second = spec.operands().get(1);
        for (int i = 0; i < in.length; i++) {
            out[i] = first == null ? apply(in[i], second) : apply(first, in[i]);
        }
        return NdArray.of(out, x.shape());
    }

    /**
     * The input expanded to the output shape: missing axes are inserted after the batch axis (as Keras's
     * {@code expand_dims(x, 1)}) and size-1 axes repeat.
     */
    private static float[] broadcastCopy(NdArray x, int[] outShape, int n) {
        int[] s = x.shape();
        if (java.util.Arrays.equals(s, outShape)) {
            return x.data().clone();
        }
        int rank = outShape.length;
        int[] padded = new int[rank];
        java.util.Arrays.fill(padded, 1);
        padded[0] = s[0];
        System.arraycopy(s, 1, padded, rank - (s.length - 1), s.length - 1);
        int[] strides = new int[rank];
        int stride = 1;
        for (int i = rank - 1; i >= 0; i--) {
            strides[i] = padded[i] == 1 && outShape[i] != 1 ? 0 : stride;
            stride *= padded[i];
        }
        float[] src = x.data();
        float[] out = new float[n];
        int[] idx = new int[rank];
        int offset = 0;
        for (int i = 0; i < n; i++) {
            out[i] = src[offset];
            for (int d = rank - 1; d >= 0; d--) {
                idx[d]++;
                offset += strides[d];
                if (idx[d] < outShape[d]) {
                    break;
                }
                offset -= strides[d] * idx[d];
                idx[d] = 0;
            }
        }
        return out;
    }

    private NdArray concatenate(List<MaskedArray> inputs) {
        int ax = spec.exampleAxis(exampleRank) + 1;
        int[] outShape = inputs.get(0).values().shape();
        outShape[ax] = 0;
        for (MaskedArray in : inputs) {
            outShape[ax] += in.values().dim(ax);
        }
        int outer = 1;
        for (int i = 0; i < ax; i++) {
            outer *= outShape[i];
        }
        int inner = 1;
        for (int i = ax + 1; i < outShape.length; i++) {
            inner *= outShape[i];
        }
        float[] out = new float[(int) NdArray.elementCount(outShape)];
        int outRow = outShape[ax] * inner;
        int pos = 0;
        for (MaskedArray in : inputs) {
            int chunk = in.values().dim(ax) * inner;
            float[] src = in.values().data();
            for (int o = 0; o < outer; o++) {
                System.arraycopy(src, o * chunk, out, o * outRow + pos, chunk);
            }
            pos += chunk;
        }
        return NdArray.of(out, outShape);
    }

    /**
     * Keras's merge {@code compute_mask}: none when no input is masked; otherwise a timestep is real only
     * where every masked input says so — except a concatenation along the time axis, which joins the
     * masks (an unmasked input counting as all real).
     */
    private boolean[] mergedMask(List<MaskedArray> inputs, NdArray out) {
        boolean any = inputs.stream().anyMatch(m -> m.mask() != null);
        if (!any) {
            return null;
        }
        if (spec.op() == MergeSpec.Op.CONCATENATE && spec.exampleAxis(exampleRank) == 0) {
            int batch = out.dim(0);
            int time = out.dim(1);
            boolean[] mask = new boolean[batch * time];
            int pos = 0;
            for (MaskedArray in : inputs) {
                int t = in.values().dim(1);
                for (int b = 0; b < batch; b++) {
                    for (int i = 0; i < t; i++) {
                        mask[b * time + pos + i] = in.mask() == null || in.mask()[b * t + i];
                    }
                }
                pos += t;
            }
            return mask;
        }
        boolean[] mask = null;
        for (MaskedArray in : inputs) {
            if (in.mask() == null) {
                continue;
            }
            if (mask == null) {
                mask = in.mask().clone();
            } else if (mask.length == in.mask().length) {
                for (int i = 0; i < mask.length; i++) {
                    mask[i] &= in.mask()[i];
                }
            } else {
                throw new IllegalStateException(spec.describe() + ": inputs carry masks of different shapes");
            }
        }
        return mask;
    }
}
