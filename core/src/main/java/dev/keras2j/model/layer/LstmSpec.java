package dev.keras2j.model.layer;

import dev.keras2j.model.ActivationSpec;
import dev.keras2j.model.LayerConfig;

import java.util.List;

/**
 * {@code LSTM}, gates in kernel column order {@code i, f, c, o}:
 * {@code z = x·W + h·U + b; i = ra(z_i); f = ra(z_f); c' = f⊙c + i⊙act(z_c); o = ra(z_o); h' = o⊙act(c')},
 * where {@code ra} is {@link #recurrentActivation()} and {@code act} is {@link #activation()}.
 */
public final class LstmSpec extends RecurrentSpec {
    private final ActivationSpec recurrentActivation;
    private final boolean unitForgetBias;

    public LstmSpec(LayerConfig config) {
        super(config);
        this.recurrentActivation = ActivationSpec.parse(config.options().containsKey("recurrent_activation")
                ? config.raw("recurrent_activation") : "sigmoid", config.kerasMajorVersion(), config);
        this.unitForgetBias = config.bool("unit_forget_bias", true);
    }

    /** The gates' activation ({@code sigmoid} by default; Keras 1/2 files mostly use {@code hard_sigmoid}). */
    public ActivationSpec recurrentActivation() {
        return recurrentActivation;
    }

    /** Keras's {@code unit_forget_bias}: affects only the initial bias, so nothing at inference. */
    public boolean unitForgetBias() {
        return unitForgetBias;
    }

    @Override
    public int stateCount() {
        return 2;
    }

    @Override
    public int gates() {
        return 4;
    }

    @Override
    public List<String> gateOrder() {
        return List.of("i", "f", "c", "o");
    }
}
