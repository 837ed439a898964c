package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.BidirectionalSpec;
import dev.keras2j.model.layer.RecurrentSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

/**
 * Bidirectional: both directions over the same input and mask, the backward sequence output flipped
 * back to time order, then merged. The mask goes on only with return_sequences.
 */
final class BidirectionalLayer implements RuntimeLayer {
    private final BidirectionalSpec spec;
    private final RecurrentRunner forward;
    private final RecurrentRunner backward;

    BidirectionalLayer(CheckedLayer layer) {
        this.spec = (BidirectionalSpec) layer.spec();
        this.forward = runner(layer, spec.forward(), "forward_");
        this.backward = runner(layer, spec.backward(), "backward_");
    }

    private static RecurrentRunner runner(CheckedLayer layer, RecurrentSpec inner, String prefix) {
        return RecurrentRunner.create(inner, layer.weight(prefix + "kernel"), layer.weight(prefix + "recurrent_kernel"),
                inner.useBias() ? layer.weight(prefix + "bias") : null);
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        NdArray x = input.values();
        int batch = x.dim(0);
        int time = x.dim(1);
        boolean zeros = spec.zeroOutputForMask();
        float[] f = forward.run(x.data(), batch, time, input.mask(), zeros);
        float[] b = backward.run(x.data(), batch, time, input.mask(), zeros);
        int u = forward.units();
        int steps = spec.returnSequences() ? time : 1;
        if (spec.returnSequences()) {
            b = flipTime(b, batch, time, u);
        }
        int rows = batch * steps;
        boolean concat = spec.mergeMode() == BidirectionalSpec.MergeMode.CONCAT;
        float[] out = new float[concat ? rows * 2 * u : rows * u];
        for (int r = 0; r < rows; r++) {
            if (concat) {
                System.arraycopy(f, r * u, out, r * 2 * u, u);
                System.arraycopy(b, r * u, out, r * 2 * u + u, u);
                continue;
            }
            for (int j = 0; j < u; j++) {
                float fv = f[r * u + j];
                float bv = b[r * u + j];
                out[r * u + j] = switch (spec.mergeMode()) {
                    case SUM -> fv + bv;
                    case MUL -> fv * bv;
                    case AVE -> (fv + bv) / 2f;
                    case CONCAT -> throw new IllegalStateException();
                };
            }
        }
        int width = concat ? 2 * u : u;
        if (spec.returnSequences()) {
            return new MaskedArray(NdArray.of(out, batch, time, width), input.mask());
        }
        return MaskedArray.of(NdArray.of(out, batch, width));
    }

    private static float[] flipTime(float[] seq, int batch, int time, int units) {
        float[] out = new float[seq.length];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                System.arraycopy(seq, (b * time + t) * units, out, (b * time + time - 1 - t) * units, units);
            }
        }
        return out;
    }
}
