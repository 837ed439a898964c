package dev.keras2j.export.dl4j;

import dev.keras2j.model.ActivationSpec;
import dev.keras2j.model.UnsupportedModelException;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationHardSigmoid;
import org.nd4j.linalg.activations.impl.ActivationHardTanH;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationMish;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU6;
import org.nd4j.linalg.activations.impl.ActivationSELU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftSign;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationSwish;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.activations.impl.ActivationThresholdedReLU;

/**
 * Maps Keras activation functions to DL4J's. Only functions whose DL4J definition equals Keras's
 * everywhere are mapped (checked element by element in {@code Dl4jActivationsTest}); the others are
 * refused with the reason they differ.
 */
final class Dl4jActivations {
    private Dl4jActivations() {
    }

    /**
     * The DL4J activation for an element-wise use (or softmax over the last axis, which the caller
     * guarantees is the feature axis DL4J normalizes over).
     *
     * @param act   the Keras activation
     * @param layer {@code name (Class)} of the layer, for messages
     * @throws UnsupportedModelException when DL4J has no exact equivalent
     */
    static IActivation map(ActivationSpec act, String layer) {
        return switch (act.kind()) {
            case LINEAR -> new ActivationIdentity();
            case RELU -> relu(act, layer);
            case RELU6 -> new ActivationReLU6();
            case LEAKY_RELU -> new ActivationLReLU(act.alpha());
            case ELU -> new ActivationELU(act.alpha());
            case SELU -> new ActivationSELU();
            case SIGMOID -> new ActivationSigmoid();
            // DL4J's HARDSIGMOID is clip(0.2x + 0.5, 0, 1), which is the Keras 1/2 definition.
            case HARD_SIGMOID_KERAS2 -> new ActivationHardSigmoid();
            case TANH -> new ActivationTanH();
            case SOFTMAX -> new ActivationSoftmax();
            case SOFTSIGN -> new ActivationSoftSign();
            case SILU -> new ActivationSwish();
            case MISH -> new ActivationMish();
            case THRESHOLDED_RELU -> new ActivationThresholdedReLU(act.threshold());
            case HARD_SIGMOID -> throw refuse(layer, act, "DL4J's HARDSIGMOID is clip(0.2x + 0.5, 0, 1) (the Keras 2"
                    + " definition), Keras 3's hard_sigmoid is relu6(x + 3) / 6");
            case HARD_SILU -> throw refuse(layer, act, "DL4J has no hard_silu (x * relu6(x + 3) / 6)");
            case GELU, GELU_TANH -> throw refuse(layer, act, "DL4J's GELU (both its sigmoid and its 'precise'"
                    + " variants) differs from Keras's by more than the tolerance");
            case SOFTPLUS -> throw refuse(layer, act, "DL4J's SOFTPLUS computes log(1 + exp(x)) and overflows to"
                    + " infinity above x = 88, where Keras returns x");
            case LOG_SOFTMAX -> throw refuse(layer, act, "DL4J has no log_softmax activation");
            case EXPONENTIAL -> throw refuse(layer, act, "DL4J has no exponential activation");
            case HARD_TANH -> new ActivationHardTanH();
            // Keras's CELU has alpha 1, where it equals ELU with alpha 1.
            case CELU -> {
                if (act.alpha() != 1.0) {
                    throw refuse(layer, act, "DL4J has no CELU with alpha " + act.alpha());
                }
                yield new ActivationELU(1.0);
            }
            case LOG_SIGMOID, TANH_SHRINK, SOFT_SHRINK, HARD_SHRINK, SQUAREPLUS, SPARSE_PLUS, SPARSE_SIGMOID ->
                    throw refuse(layer, act, "DL4J has no such activation");
        };
    }

    private static IActivation relu(ActivationSpec act, String layer) {
        if (act.threshold() != 0.0) {
            throw refuse(layer, act, "DL4J's ReLU with a threshold passes x == threshold through where Keras"
                    + " returns 0 (threshold " + act.threshold() + ")");
        }
        if (act.alpha() == 0.0 && Double.isNaN(act.maxValue())) {
            return new ActivationReLU();
        }
        Double max = Double.isNaN(act.maxValue()) ? null : act.maxValue();
        return new ActivationReLU(max, 0.0, act.alpha());
    }

    private static UnsupportedModelException refuse(String layer, ActivationSpec act, String why) {
        return new UnsupportedModelException(layer + ": activation '" + act.kerasName() + "' cannot be exported to"
                + " DL4J exactly: " + why);
    }
}
