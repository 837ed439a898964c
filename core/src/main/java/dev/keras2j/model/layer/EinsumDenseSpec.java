package dev.keras2j.model.layer;

import dev.keras2j.model.ActivationSpec;
import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;
import dev.keras2j.model.WeightSlot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code EinsumDense}: {@code activation(einsum(equation, x, kernel) + bias)}. The equation is read as Keras's
 * {@code _analyze_einsum_string} reads it: {@code ab,bc->ac} with the batch letter first, {@code ...b,bc->...c}
 * (leading axes elided) or {@code ab...,bc->ac...} (trailing axes elided); a kernel letter takes its size
 * from {@code output_shape} when the output has it, else from the input; the bias spans the output from the
 * first of {@code bias_axes} to the end, size 1 on the axes not named. Letters absent from the output are
 * summed over, as einsum does.
 */
public final class EinsumDenseSpec extends LayerSpec {
    private static final Pattern PLAIN = Pattern.compile("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)");
    private static final Pattern LEFT = Pattern.compile("0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)");
    private static final Pattern RIGHT = Pattern.compile("([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0");

    private enum Elision { NONE, LEFT, RIGHT }

    private final String equation;
    private final Elision elision;
    private final String inputSpec;
    private final String weightSpec;
    private final String outputSpec;
    private final Integer[] partialOutput;
    private final String biasAxes;
    private final ActivationSpec activation;

    public EinsumDenseSpec(LayerConfig config) {
        super(config);
        this.equation = config.string("equation", null);
        if (equation == null) {
            throw refuse("option 'equation' is missing");
        }
        String replaced = equation.replace("...", "0");
        Matcher m;
        if ((m = PLAIN.matcher(replaced)).lookingAt()) {
            this.elision = Elision.NONE;
        } else if ((m = LEFT.matcher(replaced)).lookingAt()) {
            this.elision = Elision.LEFT;
        } else if ((m = RIGHT.matcher(replaced)).lookingAt()) {
            this.elision = Elision.RIGHT;
        } else {
            throw refuse("equation '" + equation + "' is not of the forms Keras accepts: [X],[Y]->[Z],"
                    + " ...[X],[Y]->...[Z] or [X]...,[Y]->[Z]...");
        }
        this.inputSpec = m.group(1);
        this.weightSpec = m.group(2);
        this.outputSpec = m.group(3);
        for (String s : new String[] {inputSpec, weightSpec, outputSpec}) {
            if (s.chars().distinct().count() != s.length()) {
                throw refuse("equation '" + equation + "' repeats a letter within one operand (a diagonal), which"
                        + " keras2j does not support");
            }
        }
        Object raw = config.raw("output_shape");
        if (raw instanceof Number n) {
            this.partialOutput = new Integer[] {n.intValue()};
        } else if (raw instanceof List<?> list) {
            this.partialOutput = new Integer[list.size()];
            for (int i = 0; i < list.size(); i++) {
                partialOutput[i] = list.get(i) instanceof Number n ? Integer.valueOf(n.intValue()) : null;
            }
        } else {
            throw refuse("option 'output_shape' is " + raw + ", expected an int or a list");
        }
        Object bias = config.raw("bias_axes");
        this.biasAxes = bias instanceof String s ? s : null;
        if (biasAxes != null) {
            for (char c : biasAxes.toCharArray()) {
                if (outputSpec.indexOf(c) < 0) {
                    throw refuse("bias_axes '" + biasAxes + "' names '" + c + "', which is not in the output '"
                            + outputSpec + "'");
                }
            }
        }
        this.activation = ActivationSpec.parse(config.raw("activation"), config.kerasMajorVersion(), config);
        if (config.has("lora_rank")) {
            throw refuse("option 'lora_rank' is set: LoRA weights are not supported");
        }
        if (config.has("quantization_config")) {
            throw refuse("option 'quantization_config' is set: quantized weights are not supported");
        }
    }

    /** {@code equation} as the file gives it. */
    public String equation() {
        return equation;
    }

    /** {@code activation}, applied last. */
    public ActivationSpec activation() {
        return activation;
    }

    /** Whether a bias is added ({@code bias_axes} given). */
    public boolean useBias() {
        return biasAxes != null;
    }

    /**
     * The equation resolved for an input shape: every operand's letters in full (the elided axes as the
     * letters {@code '0', '1', ...}, the batch included), each letter's size, and the weights' shapes.
     *
     * @param inputLetters one letter per axis of the batch-first input
     * @param kernelLetters one letter per kernel axis
     * @param outputLetters one letter per axis of the batch-first output
     * @param sizes each letter's size, by {@code char} (the batch letter {@link Shape#UNKNOWN})
     * @param kernelShape the kernel's shape
     * @param biasShape the bias's shape, aligned with the output's last axes, or null
     * @param outputShape the output shape of one example as Keras declares it: {@code output_shape} as given
     *                    (an axis it leaves {@code None} stays unknown), with the elided input axes inserted as
     *                    Keras's {@code _analyze_split_string} inserts them
     */
    public record Resolved(String inputLetters, String kernelLetters, String outputLetters, int[] sizes,
                           int[] kernelShape, int[] biasShape, Shape outputShape) {
    }

    /** The equation resolved for this input shape (see {@link Resolved}). */
    public Resolved resolve(Shape input) {
        int fullRank = input.rank() + 1;
        int elided = fullRank - inputSpec.length();
        if (elision == Elision.NONE && elided != 0 || elided < 0 || elision == Elision.LEFT && elided < 1) {
            throw check("equation '" + equation + "' does not fit input " + input.toKerasString());
        }
        StringBuilder synthetic = new StringBuilder();
        for (int i = 0; i < elided; i++) {
            synthetic.append((char) ('0' + i));
        }
        String in;
        String out;
        if (elision == Elision.LEFT) {
            in = synthetic + inputSpec;
            out = synthetic + outputSpec;
        } else {
            in = inputSpec + synthetic;
            out = outputSpec + synthetic;
        }
        int[] sizes = new int[128];
        Arrays.fill(sizes, -2);
        for (int i = 0; i < in.length(); i++) {
            sizes[in.charAt(i)] = i == 0 ? Shape.UNKNOWN : input.dim(i - 1);
        }
        char batch = in.charAt(0);
        if (out.charAt(0) != batch || weightSpec.indexOf(batch) >= 0) {
            throw refuse("equation '" + equation + "' moves the batch axis or contracts it with the kernel,"
                    + " which keras2j does not support");
        }
        // output_shape covers the output's explicit letters (after the batch letter unless leading axes are elided).
        int first = elision == Elision.LEFT ? 0 : 1;
        int explicit = outputSpec.length() - first;
        if (partialOutput.length != explicit) {
            throw check("output_shape " + Arrays.toString(partialOutput) + " has " + partialOutput.length
                    + " entries but the equation's output '" + outputSpec + "' needs " + explicit);
        }
        for (int i = 0; i < explicit; i++) {
            char letter = outputSpec.charAt(first + i);
            Integer given = partialOutput[i];
            if (sizes[letter] != -2) {
                if (given != null && sizes[letter] != Shape.UNKNOWN && given != sizes[letter]) {
                    throw check("output_shape gives '" + letter + "' size " + given + " but the input has "
                            + sizes[letter]);
                }
            } else if (weightSpec.indexOf(letter) < 0) {
                throw refuse("output letter '" + letter + "' of equation '" + equation + "' is in neither the input"
                        + " nor the kernel");
            } else if (given == null || given <= 0) {
                throw check("output_shape leaves the size of kernel letter '" + letter + "' open");
            } else {
                sizes[letter] = given;
            }
        }
        int[] kernel = new int[weightSpec.length()];
        for (int i = 0; i < kernel.length; i++) {
            char letter = weightSpec.charAt(i);
            if (sizes[letter] == -2) {
                throw refuse("kernel letter '" + letter + "' of equation '" + equation + "' is in neither the input"
                        + " nor the output");
            }
            if (sizes[letter] == Shape.UNKNOWN) {
                throw check("kernel axis '" + letter + "' takes an unknown input dimension in " + input.toKerasString());
            }
            kernel[i] = sizes[letter];
        }
        int[] bias = null;
        if (biasAxes != null) {
            int from = outputSpec.length();
            for (char c : biasAxes.toCharArray()) {
                from = Math.min(from, outputSpec.indexOf(c));
            }
            List<Integer> dims = new ArrayList<>();
            for (int i = from; i < outputSpec.length(); i++) {
                char c = outputSpec.charAt(i);
                dims.add(biasAxes.indexOf(c) >= 0 ? sizes[c] : 1);
            }
            if (elision != Elision.LEFT) {
                for (int i = 0; i < elided; i++) {
                    dims.add(1);
                }
            }
            bias = dims.stream().mapToInt(Integer::intValue).toArray();
            for (int d : bias) {
                if (d == Shape.UNKNOWN) {
                    throw check("the bias spans the batch axis of equation '" + equation + "'");
                }
            }
        }
        List<Integer> declared = new ArrayList<>(Arrays.asList(partialOutput));
        if (elision == Elision.LEFT) {
            for (int i = 1; i < elided; i++) {
                declared.add(0, input.dim(i - 1));
            }
        } else {
            for (int i = fullRank - elided; i < fullRank; i++) {
                declared.add(input.dim(i - 1));
            }
        }
        int[] dims = declared.stream().mapToInt(d -> d == null ? Shape.UNKNOWN : d).toArray();
        for (int i = 0; i < dims.length; i++) {
            int actual = sizes[out.charAt(i + 1)];
            if (dims[i] != Shape.UNKNOWN && actual != Shape.UNKNOWN && dims[i] != actual) {
                // Keras inserts several leading elided axes in reverse order: its declared shape is not what it computes.
                throw refuse("equation '" + equation + "' on input " + input.toKerasString() + ": Keras declares the"
                        + " output " + Shape.of(dims).toKerasString() + " but computes axis " + (i + 1) + " as "
                        + actual + ", so the model disagrees with itself");
            }
        }
        return new Resolved(in, weightSpec, out, sizes, kernel, bias, Shape.of(dims));
    }

    @Override
    protected Shape outputShape(Shape input) {
        return resolve(input).outputShape();
    }

    @Override
    protected List<WeightSlot> weightSlots(Shape input) {
        Resolved r = resolve(input);
        List<WeightSlot> slots = new ArrayList<>(2);
        slots.add(new WeightSlot("kernel", r.kernelShape()));
        if (r.biasShape() != null) {
            slots.add(new WeightSlot("bias", r.biasShape()));
        }
        return slots;
    }
}
