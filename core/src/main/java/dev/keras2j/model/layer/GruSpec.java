package dev.keras2j.model.layer;

import dev.keras2j.model.ActivationSpec;
import dev.keras2j.model.LayerConfig;

import java.util.List;

/**
 * {@code GRU}, gates in kernel column order {@code z, r, h}; {@code h' = z⊙h + (1-z)⊙h̃}.
 *
 * <p>With {@code reset_after=True} (Keras 3's default) the bias is {@code [2, 3*units]} (input bias row,
 * recurrent bias row) and {@code h̃ = act(x·W_h + b_h + r⊙(h·U_h + rb_h))}; with {@code reset_after=False}
 * (Keras 1/2's default) the bias is {@code [3*units]} and {@code h̃ = act(x·W_h + (r⊙h)·U_h + b_h)}.
 */
public final class GruSpec extends RecurrentSpec {
    private final ActivationSpec recurrentActivation;
    private final boolean resetAfter;

    public GruSpec(LayerConfig config) {
        super(config);
        this.recurrentActivation = ActivationSpec.parse(config.options().containsKey("recurrent_activation")
                ? config.raw("recurrent_activation") : "sigmoid", config.kerasMajorVersion(), config);
        // Keras 2 defaulted to reset_after=False, Keras 3 to True: a file that omits it means its writer's default.
        this.resetAfter = config.bool("reset_after", config.kerasMajorVersion() >= 3);
    }

    /** The gates' activation ({@code sigmoid} by default). */
    public ActivationSpec recurrentActivation() {
        return recurrentActivation;
    }

    /** Whether the reset gate is applied after the recurrent product (see the class comment). */
    public boolean resetAfter() {
        return resetAfter;
    }

    @Override
    public int gates() {
        return 3;
    }

    @Override
    public List<String> gateOrder() {
        return List.of("z", "r", "h");
    }

    @Override
    protected int[] biasShape() {
        int gates = Math.multiplyExact(3, units());
        return resetAfter ? new int[] {2, gates} : new int[] {gates};
    }
}
