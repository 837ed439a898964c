package dev.keras2j.model.layer;

import dev.keras2j.model.ActivationSpec;
import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;

/**
 * The element-wise activation layers: {@code Activation}, {@code LeakyReLU}, {@code ELU}, {@code ReLU} and
 * Keras 1/2's {@code ThresholdedReLU}. Each is one {@link ActivationSpec} applied to every element; the
 * output shape is the input shape and the mask passes through. ({@code Softmax} and {@code PReLU} have
 * their own specs.)
 */
public final class ActivationLayerSpec extends LayerSpec {
    private final ActivationSpec activation;

    public ActivationLayerSpec(LayerConfig config) {
        super(config);
        this.activation = switch (config.className()) {
            case "Activation" -> ActivationSpec.parse(config.raw("activation"), config.kerasMajorVersion(), config);
            case "LeakyReLU" -> leakyRelu(config);
            case "ELU" -> ActivationSpec.elu(config.number("alpha", 1.0));
            case "ReLU" -> relu(config);
            case "ThresholdedReLU" -> ActivationSpec.thresholdedRelu(config.number("theta", 1.0));
            default -> throw new IllegalArgumentException(config.className() + " is not an activation layer");
        };
    }

    private static ActivationSpec leakyRelu(LayerConfig config) {
        // Keras 2 called the slope alpha; Keras 3 still accepts it as a deprecated alias.
        double slope = config.has("negative_slope") ? config.number("negative_slope", 0.3)
                : config.number("alpha", 0.3);
        return ActivationSpec.leakyRelu(slope);
    }

    private ActivationSpec relu(LayerConfig config) {
        double maxValue = config.has("max_value") ? config.number("max_value", 0.0) : Double.NaN;
        double slope = config.number("negative_slope", 0.0);
        double threshold = config.number("threshold", 0.0);
        if (maxValue < 0) {
            throw refuse("max_value is " + maxValue + ", Keras requires it to be non-negative");
        }
        return ActivationSpec.relu(slope, maxValue, threshold);
    }

    /** The function applied to every element, with its parameters (slope, cap, threshold, alpha). */
    public ActivationSpec activation() {
        return activation;
    }

    @Override
    protected Shape outputShape(Shape input) {
        return input;
    }
}
