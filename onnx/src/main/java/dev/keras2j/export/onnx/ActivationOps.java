package dev.keras2j.export.onnx;

import dev.keras2j.model.ActivationSpec;
import dev.keras2j.model.LayerSpec;

import java.util.List;

import static dev.keras2j.export.onnx.OnnxGraph.attr;

/**
 * Keras's activation functions as ONNX nodes, each with Keras's formula for the file's version: an ONNX
 * operator where its definition is Keras's (Relu, Elu with alpha, Selu with Keras's constants, HardSigmoid
 * with Keras 2's 0.2/0.5 or Keras 3's 1/6 and 0.5, Shrink, Celu, ...), else the formula in elementary
 * operators.
 */
final class ActivationOps {
    /** Keras's SELU constants (the float32 values ONNX's defaults also round to). */
    private static final float SELU_ALPHA = 1.6732632423543772848170429916717f;
    private static final float SELU_SCALE = 1.0507009873554804934193349852946f;

    private ActivationOps() {
    }

    /**
     * Applies {@code act} to {@code x}.
     *
     * @param rank the rank of {@code x} with its batch axis (for softmax's axis)
     */
    static String apply(ActivationSpec act, String x, int rank, String hint, Translation t, LayerSpec layer) {
        OnnxGraph g = t.graph();
        String h = hint + "_" + act.kind().name().toLowerCase(java.util.Locale.ROOT);
        return switch (act.kind()) {
            case LINEAR -> x;
            case RELU -> relu(act, x, h, g);
            case RELU6 -> clip(x, 0, 6, h, g);
            case LEAKY_RELU -> g.op("LeakyRelu", h, List.of(x), attr("alpha", (float) act.alpha()));
            case ELU -> g.op("Elu", h, List.of(x), attr("alpha", (float) act.alpha()));
            case SELU -> g.op("Selu", h, List.of(x), attr("alpha", SELU_ALPHA), attr("gamma", SELU_SCALE));
            case GELU, GELU_TANH -> gelu(act.kind() == ActivationSpec.Kind.GELU_TANH, x, h, g);
            case SIGMOID -> g.op("Sigmoid", h, List.of(x));
            case HARD_SIGMOID_KERAS2 -> g.op("HardSigmoid", h, List.of(x), attr("alpha", 0.2f), attr("beta", 0.5f));
            case HARD_SIGMOID -> g.op("HardSigmoid", h, List.of(x), attr("alpha", 1f / 6f), attr("beta", 0.5f));
            case HARD_SILU -> g.opset() >= 14 ? g.op("HardSwish", h, List.of(x))
                    : g.op("Mul", h, List.of(x, g.op("HardSigmoid", h + "_gate", List.of(x),
                    attr("alpha", 1f / 6f), attr("beta", 0.5f))));
            case TANH -> g.op("Tanh", h, List.of(x));
            case SOFTMAX -> g.op("Softmax", h, List.of(x), attr("axis", (long) axis(act, rank)));
            case LOG_SOFTMAX -> g.op("LogSoftmax", h, List.of(x), attr("axis", (long) axis(act, rank)));
            case SOFTPLUS -> g.op("Softplus", h, List.of(x));
            case SOFTSIGN -> g.op("Softsign", h, List.of(x));
            case SILU -> g.op("Mul", h, List.of(x, g.op("Sigmoid", h + "_sigmoid", List.of(x))));
            case EXPONENTIAL -> g.op("Exp", h, List.of(x));
            case MISH -> g.opset() >= 18 ? g.op("Mish", h, List.of(x))
                    : g.op("Mul", h, List.of(x, g.op("Tanh", h + "_tanh", List.of(g.op("Softplus", h + "_sp", List.of(x)))))) ;
            case THRESHOLDED_RELU -> g.op("ThresholdedRelu", h, List.of(x), attr("alpha", (float) act.threshold()));
            case CELU -> g.op("Celu", h, List.of(x), attr("alpha", (float) act.alpha()));
            case HARD_TANH -> clip(x, -1, 1, h, g);
            case LOG_SIGMOID -> g.op("Neg", h, List.of(g.op("Softplus", h + "_sp",
                    List.of(g.op("Neg", h + "_neg", List.of(x))))));
            case TANH_SHRINK -> g.op("Sub", h, List.of(x, g.op("Tanh", h + "_tanh", List.of(x))));
            case SOFT_SHRINK -> g.op("Shrink", h, List.of(x), attr("bias", 0.5f), attr("lambd", 0.5f));
            case HARD_SHRINK -> g.op("Shrink", h, List.of(x), attr("bias", 0f), attr("lambd", 0.5f));
            case SQUAREPLUS -> {
                // (x + sqrt(x^2 + 4)) / 2
                String root = g.op("Sqrt", h + "_sqrt", List.of(g.withScalar("Add", g.op("Mul", h + "_sq", List.of(x, x)),
                        4.0, h + "_b")));
                yield g.withScalar("Div", g.op("Add", h + "_sum", List.of(x, root)), 2.0, h);
            }
            case SPARSE_PLUS -> {
                // 0 if x <= -1, (x + 1)^2 / 4 if x < 1, else x
                String p = g.withScalar("Add", x, 1.0, h + "_p1");
                String quad = g.withScalar("Mul", g.op("Mul", h + "_sq", List.of(p, p)), 0.25, h + "_quad");
                String below = g.op("LessOrEqual", h + "_le", List.of(x, g.scalar(h + "_m1", -1.0)));
                String inside = g.op("Less", h + "_lt", List.of(x, g.scalar(h + "_one", 1.0)));
                String upper = g.op("Where", h + "_upper", List.of(inside, quad, x));
                yield g.op("Where", h, List.of(below, g.scalar(h + "_zero", 0.0), upper));
            }
            case SPARSE_SIGMOID -> clip(g.withScalar("Mul", g.withScalar("Add", x, 1.0, h + "_p1"), 0.5, h + "_half"),
                    0, 1, h, g);
        };
    }

    /** Keras's general ReLU: threshold, cap and negative slope (see ActivationFunctions.relu). */
    private static String relu(ActivationSpec act, String x, String h, OnnxGraph g) {
        double slope = act.alpha();
        double cap = act.maxValue();
        double threshold = act.threshold();
        String y;
        if (threshold != 0.0) {
            String above = g.op("Greater", h + "_gt", List.of(x, g.scalar(h + "_th", threshold)));
            y = g.op("Where", h + "_pos", List.of(above, x, g.scalar(h + "_zero", 0.0)));
        } else {
            y = g.op("Relu", h + "_pos", List.of(x));
        }
        if (!Double.isNaN(cap)) {
            y = clip(y, 0, cap, h + "_cap", g);
        }
        if (slope != 0.0) {
            // y - slope * relu(threshold - x)
            String below = g.op("Relu", h + "_below", List.of(g.op("Sub", h + "_d",
                    List.of(g.scalar(h + "_th2", threshold), x))));
            y = g.op("Sub", h, List.of(y, g.withScalar("Mul", below, slope, h + "_neg")));
        }
        return y;
    }

    private static String clip(String x, double lo, double hi, String h, OnnxGraph g) {
        return g.op("Clip", h, List.of(x, g.scalar(h + "_lo", lo), g.scalar(h + "_hi", hi)));
    }

    /** Exact GELU (erf) or its tanh form: ONNX's Gelu from opset 20, the formula before. */
    private static String gelu(boolean tanh, String x, String h, OnnxGraph g) {
        if (g.opset() >= 20) {
            return g.op("Gelu", h, List.of(x), attr("approximate", tanh ? "tanh" : "none"));
        }
        String inner;
        if (tanh) {
            // tanh(sqrt(2/pi) * (x + 0.044715 x^3))
            String cube = g.op("Mul", h + "_x3", List.of(x, g.op("Mul", h + "_x2", List.of(x, x))));
            String sum = g.op("Add", h + "_in", List.of(x, g.withScalar("Mul", cube, 0.044715, h + "_c3")));
            inner = g.op("Tanh", h + "_tanh", List.of(g.withScalar("Mul", sum, Math.sqrt(2.0 / Math.PI), h + "_s")));
        } else {
            inner = g.op("Erf", h + "_erf", List.of(g.withScalar("Div", x, Math.sqrt(2.0), h + "_s")));
        }
        String onePlus = g.withScalar("Add", inner, 1.0, h + "_1p");
        return g.op("Mul", h, List.of(g.withScalar("Mul", x, 0.5, h + "_half"), onePlus));
    }

    /** Softmax's axis as a non-negative axis of the full tensor. */
    private static int axis(ActivationSpec act, int rank) {
        int a = act.axis();
        return a < 0 ? a + rank : a;
    }
}
