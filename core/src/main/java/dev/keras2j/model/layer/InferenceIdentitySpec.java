package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;

/**
 * Layers that act only in training and return their input unchanged at inference, mask included:
 * {@code Dropout}, {@code SpatialDropout1D/2D/3D}, {@code GaussianNoise}, {@code GaussianDropout},
 * {@code AlphaDropout}, {@code ActivityRegularization} (its penalty is a training loss), {@code Identity}, and
 * {@code StochasticDepth} of Keras's ConvNeXt application ({@code keras.src.applications.convnext}, also
 * tf.keras 2.x), which drops a whole residual branch only when training and returns {@code x} otherwise.
 */
public final class InferenceIdentitySpec extends LayerSpec {
    private final int requiredRank;

    public InferenceIdentitySpec(LayerConfig config) {
        super(config);
        // The spatial dropouts declare the input rank (batch included) in their InputSpec.
        this.requiredRank = switch (config.className()) {
            case "SpatialDropout1D" -> 3;
            case "SpatialDropout2D" -> 4;
            case "SpatialDropout3D" -> 5;
            default -> -1;
        };
    }

    /**
     * The training-time rate of the dropout layers ({@code stddev} for {@code GaussianNoise},
     * {@code drop_path_rate} for {@code StochasticDepth}); 0 for the layers that have none. It has no effect
     * at inference.
     */
    public double rate() {
        String key = switch (config().className()) {
            case "GaussianNoise" -> "stddev";
            case "StochasticDepth" -> "drop_path_rate";
            default -> "rate";
        };
        return config().number(key, 0.0);
    }

    @Override
    protected Shape outputShape(Shape input) {
        if (requiredRank > 0 && input.rank() + 1 != requiredRank) {
            throw check("expects an input of rank " + requiredRank + " (batch included), got " + input.toKerasString());
        }
        return input;
    }
}
