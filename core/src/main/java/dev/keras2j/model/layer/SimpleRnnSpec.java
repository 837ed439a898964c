package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;

import java.util.List;

/** {@code SimpleRNN}: {@code h_t = activation(x_t · kernel + h_{t-1} · recurrent_kernel + bias)}. */
public final class SimpleRnnSpec extends RecurrentSpec {
    public SimpleRnnSpec(LayerConfig config) {
        super(config);
    }

    @Override
    public int gates() {
        return 1;
    }

    @Override
    public List<String> gateOrder() {
        return List.of("h");
    }
}
