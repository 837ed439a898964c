package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.layer.RecurrentSpec;
import dev.keras2j.runtime.MaskedArray;
import dev.keras2j.runtime.RuntimeLayer;

/**
 * SimpleRNN, LSTM or GRU on {@code [batch, time, features]}. The mask goes on only with
 * return_sequences, as Keras's {@code RNN.compute_mask} does.
 */
final class RecurrentLayer implements RuntimeLayer {
    private final RecurrentSpec spec;
    private final RecurrentRunner runner;

    RecurrentLayer(CheckedLayer layer) {
        this.spec = (RecurrentSpec) layer.spec();
        this.runner = RecurrentRunner.create(spec, layer.weight("kernel"), layer.weight("recurrent_kernel"),
                spec.useBias() ? layer.weight("bias") : null);
    }

    @Override
    public MaskedArray forward(MaskedArray input) {
        NdArray x = input.values();
        int batch = x.dim(0);
        int time = x.dim(1);
        float[] out = runner.run(x.data(), batch, time, input.mask(), spec.zeroOutputForMask());
        if (spec.returnSequences()) {
            return new MaskedArray(NdArray.of(out, batch, time, spec.units()), input.mask());
        }
        return MaskedArray.of(NdArray.of(out, batch, spec.units()));
    }
}
