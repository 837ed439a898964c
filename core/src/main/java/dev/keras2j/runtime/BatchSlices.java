package dev.keras2j.runtime;

import dev.keras2j.model.NdArray;

import java.util.List;

/** Consecutive examples cut from a batch, and batches joined back along the batch axis. */
final class BatchSlices {
    private BatchSlices() {
    }

    /** Examples {@code [from, to)} of {@code batch} (batch axis first), copied. */
    static NdArray slice(NdArray batch, int from, int to) {
        int[] shape = batch.shape();
        int example = shape[0] == 0 ? 0 : batch.size() / shape[0];
        shape[0] = to - from;
        return NdArray.of(java.util.Arrays.copyOfRange(batch.data(), from * example, to * example), shape);
    }

    /** The batches one after the other along the batch axis; all have the same example shape. */
    static NdArray concat(List<NdArray> pieces) {
        int[] shape = pieces.get(0).shape();
        int total = 0;
        int size = 0;
        for (NdArray p : pieces) {
            total += p.dim(0);
            size += p.size();
        }
        float[] data = new float[size];
        int at = 0;
        for (NdArray p : pieces) {
            System.arraycopy(p.data(), 0, data, at, p.size());
            at += p.size();
        }
        shape[0] = total;
        return NdArray.of(data, shape);
    }
}
