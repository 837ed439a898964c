package dev.keras2j.model;

import java.util.Locale;
import java.util.Map;

/**
 * An activation function exactly as the file's Keras version defines it. Keras 2 and 3 disagree on
 * some definitions ({@code hard_sigmoid} is {@code clip(0.2x + 0.5)} in Keras 1/2 and
 * {@code relu6(x + 3) / 6} in Keras 3), so the kind records which one applies.
 *
 * @param kind      the function
 * @param alpha     slope or scale parameter where the kind has one (ELU's alpha, leaky ReLU's
 *                  negative slope, ReLU's negative_slope)
 * @param maxValue  ReLU's cap, or {@code Double.NaN} for none
 * @param threshold ReLU's or ThresholdedReLU's threshold
 * @param axis      softmax axis (negative counts from the end; over the full shape with batch)
 */
public record ActivationSpec(Kind kind, double alpha, double maxValue, double threshold, int axis) {

    /** The activation functions keras2j evaluates. */
    public enum Kind {
        LINEAR, RELU, RELU6, LEAKY_RELU, ELU, SELU, GELU, GELU_TANH, SIGMOID,
        /** Keras 1/2: {@code clip(0.2x + 0.5, 0, 1)}. */
        HARD_SIGMOID_KERAS2,
        /** Keras 3: {@code relu6(x + 3) / 6}. */
        HARD_SIGMOID,
        /** Keras 3: {@code x * relu6(x + 3) / 6}. */
        HARD_SILU,
        TANH, SOFTMAX, LOG_SOFTMAX, SOFTPLUS, SOFTSIGN, SILU, EXPONENTIAL, MISH,
        /** {@code x if x > threshold else 0} (ThresholdedReLU). */
        THRESHOLDED_RELU,
        /** Keras 3: {@code max(x, 0) + alpha * expm1(min(x, 0) / alpha)}, alpha 1. */
        CELU,
        /** Keras 3: {@code clip(x, -1, 1)}. */
        HARD_TANH,
        /** Keras 3: {@code -softplus(-x)}. */
        LOG_SIGMOID,
        /** Keras 3: {@code x - tanh(x)}. */
        TANH_SHRINK,
        /** Keras 3: {@code x - 0.5 if x > 0.5, x + 0.5 if x < -0.5, else 0}. */
        SOFT_SHRINK,
        /** Keras 3: {@code x if |x| > 0.5 else 0}. */
        HARD_SHRINK,
        /** Keras 3: {@code (x + sqrt(x^2 + 4)) / 2}. */
        SQUAREPLUS,
        /** Keras 3: {@code 0 if x <= -1, (x + 1)^2 / 4 if x < 1, else x}. */
        SPARSE_PLUS,
        /** Keras 3: {@code 0 if x <= -1, 1 if x >= 1, else (x + 1) / 2}. */
        SPARSE_SIGMOID
    }

    public static final ActivationSpec LINEAR_ACTIVATION = of(Kind.LINEAR);

    public static ActivationSpec of(Kind kind) {
        return new ActivationSpec(kind, defaultAlpha(kind), Double.NaN, 0.0, -1);
    }

    private static double defaultAlpha(Kind kind) {
        return switch (kind) {
            case LEAKY_RELU -> 0.2;
            case ELU, CELU -> 1.0;
            default -> 0.0;
        };
    }

    /** Leaky ReLU with the given slope below zero (the {@code LeakyReLU} layer). */
    public static ActivationSpec leakyRelu(double negativeSlope) {
        return new ActivationSpec(Kind.LEAKY_RELU, negativeSlope, Double.NaN, 0.0, -1);
    }

    /** ELU with the given alpha (the {@code ELU} layer). */
    public static ActivationSpec elu(double alpha) {
        return new ActivationSpec(Kind.ELU, alpha, Double.NaN, 0.0, -1);
    }

    /** {@code x if x > theta else 0} (Keras 1/2's {@code ThresholdedReLU} layer). */
    public static ActivationSpec thresholdedRelu(double theta) {
        return new ActivationSpec(Kind.THRESHOLDED_RELU, 0.0, Double.NaN, theta, -1);
    }

    /** A general ReLU as Keras's {@code ReLU} layer defines it. */
    public static ActivationSpec relu(double negativeSlope, double maxValue, double threshold) {
        return new ActivationSpec(Kind.RELU, negativeSlope, maxValue, threshold, -1);
    }

    /**
     * Parses the {@code activation} option of a layer.
     *
     * @param value             the option's value: a name, or a Keras 3 serialized function object
     * @param kerasMajorVersion the version that wrote the file
     * @param layer             the layer, for messages
     */
    public static ActivationSpec parse(Object value, int kerasMajorVersion, LayerConfig layer) {
        if (value == null) {
            return LINEAR_ACTIVATION;
        }
        String name = null;
        if (value instanceof String s) {
            name = s;
        } else if (value instanceof Map<?, ?> m) {
            Object cls = m.get("class_name");
            Object cfg = m.get("config");
            if ("function".equals(cls) && cfg instanceof String s) {
                name = s;
            } else if (cfg instanceof String s && m.get("module") != null
                    && String.valueOf(m.get("module")).startsWith("keras")) {
                name = s;
            }
            if (name == null) {
                throw new UnsupportedModelException(layer.describe() + ": option 'activation' is " + value
                        + ": only Keras's built-in activation functions are supported");
            }
        } else {
            throw new UnsupportedModelException(layer.describe() + ": option 'activation' is " + value);
        }
        return named(name, kerasMajorVersion, layer);
    }

    private static ActivationSpec named(String name, int kerasMajorVersion, LayerConfig layer) {
        Kind kind = switch (name.toLowerCase(Locale.ROOT)) {
            case "linear", "none" -> Kind.LINEAR;
            case "relu" -> Kind.RELU;
            case "relu6" -> Kind.RELU6;
            case "leaky_relu" -> Kind.LEAKY_RELU;
            case "elu" -> Kind.ELU;
            case "selu" -> Kind.SELU;
            case "gelu" -> Kind.GELU;
            case "sigmoid" -> Kind.SIGMOID;
            case "hard_sigmoid" -> kerasMajorVersion >= 3 ? Kind.HARD_SIGMOID : Kind.HARD_SIGMOID_KERAS2;
            case "hard_silu", "hard_swish" -> Kind.HARD_SILU;
            case "tanh" -> Kind.TANH;
            case "softmax" -> Kind.SOFTMAX;
            case "log_softmax" -> Kind.LOG_SOFTMAX;
            case "softplus" -> Kind.SOFTPLUS;
            case "softsign" -> Kind.SOFTSIGN;
            case "swish", "silu" -> Kind.SILU;
            case "exponential" -> Kind.EXPONENTIAL;
            case "mish" -> Kind.MISH;
            case "celu" -> Kind.CELU;
            case "hard_tanh" -> Kind.HARD_TANH;
            case "log_sigmoid" -> Kind.LOG_SIGMOID;
            case "tanh_shrink" -> Kind.TANH_SHRINK;
            case "soft_shrink" -> Kind.SOFT_SHRINK;
            case "hard_shrink" -> Kind.HARD_SHRINK;
            case "squareplus" -> Kind.SQUAREPLUS;
            case "sparse_plus" -> Kind.SPARSE_PLUS;
            case "sparse_sigmoid" -> Kind.SPARSE_SIGMOID;
            default -> throw new UnsupportedModelException(layer.describe() + ": activation '" + name
                    + "' is not supported; supported: linear, relu, relu6, leaky_relu, elu, selu, gelu, sigmoid,"
                    + " hard_sigmoid, hard_silu, hard_swish, tanh, softmax, log_softmax, softplus, softsign,"
                    + " swish, silu, exponential, mish, celu, hard_tanh, log_sigmoid, tanh_shrink, soft_shrink,"
                    + " hard_shrink, squareplus, sparse_plus, sparse_sigmoid");
        };
        return of(kind);
    }

    /**
     * Whether each output depends on its own input alone: every function but softmax and log_softmax, which
     * normalize along an axis.
     */
    public boolean elementwise() {
        return kind != Kind.SOFTMAX && kind != Kind.LOG_SOFTMAX;
    }

    /** The name Keras uses for this function. */
    public String kerasName() {
        return switch (kind) {
            case HARD_SIGMOID_KERAS2 -> "hard_sigmoid";
            case GELU_TANH -> "gelu";
            default -> kind.name().toLowerCase(Locale.ROOT);
        };
    }
}
