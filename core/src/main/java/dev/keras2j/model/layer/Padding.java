package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.UnsupportedModelException;

import java.util.Locale;

/** How a convolution or pooling window treats the borders. */
public enum Padding {
    /** No padding: windows lie inside the input. */
    VALID,
    /**
     * TensorFlow's {@code same}: {@code ceil(in / stride)} outputs, the needed padding split with the
     * odd element at the end.
     */
    SAME,
    /** Conv1D only: {@code dilation * (kernel - 1)} zeros before the sequence, none after. */
    CAUSAL;

    static Padding parse(LayerConfig config, boolean allowCausal) {
        Object raw = config.raw("padding");
        if (raw != null && !(raw instanceof String)) {
            throw new UnsupportedModelException(config.describe() + ": option 'padding' is " + raw
                    + ": explicit padding amounts are not supported, only 'valid' and 'same'"
                    + (allowCausal ? " and 'causal'" : ""));
        }
        String v = config.string("padding", "valid").toLowerCase(Locale.ROOT);
        return switch (v) {
            case "valid" -> VALID;
            case "same" -> SAME;
            case "causal" -> {
                if (!allowCausal) {
                    throw new UnsupportedModelException(config.describe()
                            + ": option 'padding' is 'causal', which Keras allows only for Conv1D");
                }
                yield CAUSAL;
            }
            default -> throw new UnsupportedModelException(config.describe() + ": option 'padding' is '" + v
                    + "', expected valid or same" + (allowCausal ? " or causal" : ""));
        };
    }

    /** Keras's name. */
    public String kerasName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
