package dev.keras2j.export.onnx;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.layer.EinsumDenseSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.keras2j.export.onnx.OnnxGraph.attr;

/**
 * EinsumDense: ONNX's Einsum (opset 12, so every supported opset) on the equation as the spec resolves it for
 * the input (elided axes spelled out, every operand in full), then Add of the bias (shaped to broadcast over
 * the output's last axes) and the activation. The letters are renamed to {@code a, b, ...} in order of
 * appearance: the resolved equation names elided axes with digits, which Einsum does not take.
 */
final class EinsumDenseTranslator {
    private EinsumDenseTranslator() {
    }

    static void register(TranslatorRegistry r) {
        r.register(EinsumDenseSpec.class, EinsumDenseTranslator::translate);
    }

    private static String translate(EinsumDenseSpec e, CheckedLayer l, List<String> in, Translation t) {
        OnnxGraph g = t.graph();
        EinsumDenseSpec.Resolved r = e.resolve(l.inputShape());
        Map<Character, Character> letters = new LinkedHashMap<>();
        String x = rename(r.inputLetters(), letters, e);
        String k = rename(r.kernelLetters(), letters, e);
        String o = rename(r.outputLetters(), letters, e);
        String y = g.op("Einsum", l.name() + "_einsum", List.of(in.get(0), g.weight(l.name() + "_kernel",
                l.weight("kernel"))), attr("equation", x + "," + k + "->" + o));
        if (e.useBias()) {
            y = g.op("Add", l.name() + "_bias", List.of(y, g.weight(l.name() + "_bias", l.weight("bias"))));
        }
        return ActivationOps.apply(e.activation(), y, o.length(), l.name(), t, e);
    }

    private static String rename(String operand, Map<Character, Character> letters, EinsumDenseSpec e) {
        StringBuilder out = new StringBuilder(operand.length());
        for (char c : operand.toCharArray()) {
            Character mapped = letters.get(c);
            if (mapped == null) {
                if (letters.size() == 26) {
                    throw Translation.refuse(e, "equation '" + e.equation() + "' names more than 26 axes, more than"
                            + " ONNX Einsum's lower-case letters");
                }
                mapped = (char) ('a' + letters.size());
                letters.put(c, mapped);
            }
            out.append(mapped);
        }
        return out.toString();
    }
}
