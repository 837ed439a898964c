package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.RecurrentSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

import java.util.ArrayList;
import java.util.List;

/**
 * SimpleRNN, LSTM or GRU on {@code [batch, time, features]}, from zero states or the initial states a call
 * passes after the sequence; with return_state its final states follow its output. The mask goes on only
 * with return_sequences, and never onto the states, as Keras's {@code RNN.compute_mask} does; a call that
 * does not receive the mask ({@link dev.keras2j.model.LayerCall#receivesMask()}) computes unmasked.
 */
final class RecurrentLayer implements RuntimeLayer {
    private final RecurrentSpec spec;
    private final RecurrentRunner runner;
    private final CheckedLayer layer;

    RecurrentLayer(CheckedLayer layer) {
        this.layer = layer;
        this.spec = (RecurrentSpec) layer.spec();
        this.runner = RecurrentRunner.create(spec, layer.weight("kernel"), layer.weight("recurrent_kernel"),
                spec.useBias() ? layer.weight("bias") : null);
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
        float[][] initial = RecurrentLayers.initialStates(inputs, 1, runner.stateCount());
        float[][] finalStates = spec.returnState() ? new float[runner.stateCount()][] : null;
        boolean[] mask = layer.node().calls().get(call).receivesMask() ? input.mask() : null;
        float[] out = runner.run(x.data(), batch, time, mask, spec.zeroOutputForMask(), initial, finalStates);
        List<MaskedArray> outputs = new ArrayList<>();
        outputs.add(spec.returnSequences() ? new MaskedArray(NdArray.of(out, batch, time, spec.units()), input.mask())
                : MaskedArray.of(NdArray.of(out, batch, spec.units())));
        if (finalStates != null) {
            for (float[] state : finalStates) {
                outputs.add(MaskedArray.of(NdArray.of(state, batch, spec.units())));
            }
        }
        return outputs;
    }
}
