package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.BidirectionalSpec;
import dev.keras2j.model.layer.RecurrentSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

import java.util.ArrayList;
import java.util.List;

/**
 * Bidirectional: both directions over the same input and mask (each from its half of the initial states a
 * call passes, if any), the backward sequence output flipped back to time order, then merged, or both
 * returned with {@code merge_mode=None}; with return_state the forward then the backward final states follow.
 * The mask goes on only with return_sequences; a call that does not receive it computes unmasked.
 */
final class BidirectionalLayer implements RuntimeLayer {
    private final BidirectionalSpec spec;
    private final RecurrentRunner forward;
    private final RecurrentRunner backward;
    private final CheckedLayer layer;

    BidirectionalLayer(CheckedLayer layer) {
        this.layer = layer;
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
        return call(List.of(input), 0).get(0);
    }

    @Override
    public List<MaskedArray> call(List<MaskedArray> inputs, int call) {
        MaskedArray input = inputs.get(0);
        NdArray x = input.values();
        int batch = x.dim(0);
        int time = x.dim(1);
        boolean zeros = spec.zeroOutputForMask();
        boolean[] mask = layer.node().calls().get(call).receivesMask() ? input.mask() : null;
        int half = forward.stateCount();
        float[][] fStates = spec.returnState() ? new float[half][] : null;
        float[][] bStates = spec.returnState() ? new float[half][] : null;
        float[] f = forward.run(x.data(), batch, time, mask, zeros,
                RecurrentLayers.initialStates(inputs, 1, half), fStates);
        float[] b = backward.run(x.data(), batch, time, mask, zeros,
                RecurrentLayers.initialStates(inputs, 1 + half, half), bStates);
        int u = forward.units();
        int steps = spec.returnSequences() ? time : 1;
        if (spec.returnSequences()) {
            b = flipTime(b, batch, time, u);
        }
        List<MaskedArray> outputs = new ArrayList<>();
        if (spec.mergeMode() == null) {
            outputs.add(output(f, batch, time, u, input.mask()));
            outputs.add(output(b, batch, time, u, input.mask()));
        } else {
            outputs.add(output(merge(f, b, batch * steps, u), batch, time,
                    spec.mergeMode() == BidirectionalSpec.MergeMode.CONCAT ? 2 * u : u, input.mask()));
        }
        if (spec.returnState()) {
            for (float[][] states : List.of(fStates, bStates)) {
                for (float[] s : states) {
                    outputs.add(MaskedArray.of(NdArray.of(s, batch, u)));
                }
            }
        }
        return outputs;
    }

    private MaskedArray output(float[] values, int batch, int time, int width, boolean[] mask) {
        if (spec.returnSequences()) {
            return new MaskedArray(NdArray.of(values, batch, time, width), mask);
        }
        return MaskedArray.of(NdArray.of(values, batch, width));
    }

    private float[] merge(float[] f, float[] b, int rows, int u) {
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
        return out;
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
