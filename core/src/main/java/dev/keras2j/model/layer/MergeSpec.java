package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;

import java.util.List;
import java.util.Locale;

/**
 * The merging layers {@code Add}, {@code Subtract}, {@code Multiply}, {@code Average},
 * {@code Maximum}, {@code Minimum} (element-wise, with Keras's broadcasting of size-1 and missing
 * leading axes) and {@code Concatenate} (along {@code axis}); also Keras 3's element-wise operation
 * nodes ({@code x + 3.0}, {@code x / y}), whose number operands the dialect reader records in
 * {@code op_arguments}.
 */
public final class MergeSpec extends LayerSpec {
    /** The merge operation. */
    public enum Op { ADD, SUBTRACT, MULTIPLY, DIVIDE, AVERAGE, MAXIMUM, MINIMUM, CONCATENATE }

    private final Op op;
    private final int axis;
    private final List<Float> operands;

    public MergeSpec(LayerConfig config) {
        super(config);
        this.op = Op.valueOf(config.className().toUpperCase(Locale.ROOT));
        this.axis = config.integer("axis", -1);
        this.operands = operands(config.raw("op_arguments"));
        if (op == Op.DIVIDE && operands == null) {
            throw refuse("Divide exists only as a Keras operation node");
        }
    }

    /** Keras computes in float32, so a number operand is rounded to float once, as {@code ops.add(x, 3.0)} does. */
    private List<Float> operands(Object raw) {
        if (raw == null) {
            return null;
        }
        List<Float> out = new java.util.ArrayList<>();
        for (Object o : (List<?>) raw) {
            out.add(o instanceof Number n ? Float.valueOf(n.floatValue()) : null);
        }
        return java.util.Collections.unmodifiableList(out);
    }

    public Op op() {
        return op;
    }

    /**
     * For a Keras operation node, its operands in call order: a number, or {@code null} where an input tensor
     * goes (the inputs in order); {@code null} for a merge layer, whose operands are its inputs.
     */
    public List<Float> operands() {
        return operands;
    }

    /** Concatenate's axis, counted on the full shape with the batch axis (negative from the end). */
    public int axis() {
        return axis;
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        if (operands != null) {
            long tensors = operands.stream().filter(java.util.Objects::isNull).count();
            if (tensors != inputs.size() || operands.size() != 2) {
                throw check("the operation takes two operands, " + tensors + " of them tensors, but receives "
                        + inputs.size() + " inputs");
            }
            if (inputs.size() == 2 && inputs.get(0).rank() != inputs.get(1).rank()) {
                throw refuse("operands " + inputs.get(0).toKerasString() + " and " + inputs.get(1).toKerasString()
                        + " have different ranks: NumPy broadcasting would align the batch axis of one with another"
                        + " axis of the other, which keras2j does not support");
            }
            return inputs.size() == 1 ? inputs.get(0) : broadcast(inputs);
        }
        if (inputs.size() < 2) {
            throw check("needs at least two inputs, got " + inputs.size());
        }
        if (op == Op.SUBTRACT && inputs.size() != 2) {
            throw check("Subtract takes exactly two inputs, got " + inputs.size());
        }
        return op == Op.CONCATENATE ? concatenated(inputs) : broadcast(inputs);
    }

    @Override
    protected Shape outputShape(Shape input) {
        throw check("needs at least two inputs, got 1");
    }

    /** The concatenation axis as a position in an example shape (batch axis excluded). */
    public int exampleAxis(int exampleRank) {
        int full = exampleRank + 1;
        int a = axis < 0 ? axis + full : axis;
        if (a < 1 || a >= full) {
            throw check("axis " + axis + " is out of range for inputs of rank " + full
                    + " (batch axis included; the batch axis cannot be concatenated)");
        }
        return a - 1;
    }

    private Shape concatenated(List<Shape> inputs) {
        int rank = inputs.get(0).rank();
        int ax = exampleAxis(rank);
        int[] out = inputs.get(0).dims();
        out[ax] = 0;
        for (Shape s : inputs) {
            if (s.rank() != rank) {
                throw check("inputs have different ranks: " + inputs);
            }
            for (int i = 0; i < rank; i++) {
                if (i == ax) {
                    out[i] = out[i] == Shape.UNKNOWN || s.dim(i) == Shape.UNKNOWN ? Shape.UNKNOWN : Math.addExact(out[i], s.dim(i));
                } else if (s.dim(i) != out[i] && s.dim(i) != Shape.UNKNOWN && out[i] != Shape.UNKNOWN) {
                    throw check("inputs " + inputs + " differ on an axis other than the concatenation axis " + axis);
                }
            }
        }
        return Shape.of(out);
    }

    /** Keras's {@code _compute_elemwise_op_output_shape}: trailing alignment, size 1 broadcasts. */
    private Shape broadcast(List<Shape> inputs) {
        Shape out = inputs.get(0);
        for (Shape s : inputs.subList(1, inputs.size())) {
            Shape longer = out.rank() >= s.rank() ? out : s;
            Shape shorter = longer == out ? s : out;
            int[] dims = longer.dims();
            int offset = longer.rank() - shorter.rank();
            for (int i = 0; i < shorter.rank(); i++) {
                int a = longer.dim(offset + i);
                int b = shorter.dim(i);
                if (a == Shape.UNKNOWN || b == Shape.UNKNOWN) {
                    dims[offset + i] = Shape.UNKNOWN;
                } else if (a == 1) {
                    dims[offset + i] = b;
                } else if (b != 1 && a != b) {
                    throw check("inputs " + inputs + " cannot be broadcast together");
                }
            }
            out = Shape.of(dims);
        }
        return out;
    }
}
