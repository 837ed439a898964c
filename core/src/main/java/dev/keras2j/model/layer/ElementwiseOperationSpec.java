package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;

/**
 * Element-wise Keras operations on one tensor that no activation function computes: {@code ops.abs},
 * {@code sqrt}, {@code square}, {@code log}, {@code negative}, {@code reciprocal}, {@code floor}, {@code ceil},
 * {@code sign}, {@code clip(x, x_min, x_max)} and {@code cast} to float32 (argmax's indices, say). Float32 in,
 * float32 out, one rounding per operation.
 */
public final class ElementwiseOperationSpec extends LayerSpec {
    /** The operation, by its Keras class name. */
    public enum Kind {
        ABSOLUTE("Absolute"), SQRT("Sqrt"), SQUARE("Square"), LOG("Log"), NEGATIVE("Negative"),
        RECIPROCAL("Reciprocal"), FLOOR("Floor"), CEIL("Ceil"), SIGN("Sign"), CLIP("Clip"), CAST("Cast");

        private final String kerasName;

        Kind(String kerasName) {
            this.kerasName = kerasName;
        }

        public String kerasName() {
            return kerasName;
        }

    }

    private final Kind kind;
    private final float min;
    private final float max;

    public ElementwiseOperationSpec(LayerConfig config) {
        super(config);
        this.kind = OperationSpecs.kind(config, Kind.values(), Kind::kerasName);
        if (kind == Kind.CLIP) {
            if (!(config.raw("x_min") instanceof Number) || !(config.raw("x_max") instanceof Number)) {
                throw refuse("clip bounds x_min " + config.raw("x_min") + " and x_max " + config.raw("x_max")
                        + " are not both numbers (tensor bounds are not supported)");
            }
            // A Python number meets a float32 tensor as float32.
            this.min = (float) config.number("x_min", 0);
            this.max = (float) config.number("x_max", 0);
        } else {
            if (kind == Kind.CAST && !"float32".equals(config.string("dtype", null))) {
                throw refuse("cast to " + config.raw("dtype") + " is not supported (keras2j computes in float32)");
            }
            this.min = 0;
            this.max = 0;
        }
    }

    public Kind kind() {
        return kind;
    }

    /** clip's lower bound, as float32. */
    public float min() {
        return min;
    }

    /** clip's upper bound, as float32. */
    public float max() {
        return max;
    }

    @Override
    protected Shape outputShape(Shape input) {
        return input;
    }
}
