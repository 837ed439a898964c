package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;

/** {@code RepeatVector}: {@code (batch, features)} becomes {@code (batch, n, features)}. The mask is dropped. */
public final class RepeatVectorSpec extends LayerSpec {
    private final int n;

    public RepeatVectorSpec(LayerConfig config) {
        super(config);
        this.n = config.requiredInt("n");
        if (n <= 0) {
            throw refuse("n is " + n + ", Keras requires a positive count");
        }
    }

    /** How many times each vector is repeated. */
    public int n() {
        return n;
    }

    @Override
    protected Shape outputShape(Shape input) {
        if (input.rank() != 1) {
            throw check("expects an input of rank 2 (batch included), got " + input.toKerasString());
        }
        return Shape.of(n, input.dim(0));
    }
}
