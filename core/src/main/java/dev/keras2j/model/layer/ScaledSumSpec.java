package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;

import java.util.List;

/**
 * {@code CustomScaleLayer} of Keras's InceptionResNetV2 application
 * ({@code keras.src.applications.inception_resnet_v2}, also tf.keras 2.x): {@code inputs[0] + inputs[1] * scale}
 * for two inputs of one shape, with {@code scale} a number of its config.
 */
public final class ScaledSumSpec extends LayerSpec {
    private final float scale;

    public ScaledSumSpec(LayerConfig config) {
        super(config);
        if (!config.has("scale")) {
            throw refuse("option 'scale' is missing");
        }
        // Keras multiplies a float32 tensor by a Python number: the number is rounded to float32 once.
        this.scale = (float) config.number("scale", 0);
    }

    /** The factor of the second input, as float32. */
    public float scale() {
        return scale;
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        if (inputs.size() != 2) {
            throw check("takes two inputs (the residual and the branch), got " + inputs.size());
        }
        if (!inputs.get(0).equals(inputs.get(1))) {
            throw check("its inputs " + inputs.get(0).toKerasString() + " and " + inputs.get(1).toKerasString()
                    + " differ in shape");
        }
        return inputs.get(0);
    }

    @Override
    protected Shape outputShape(Shape input) {
        throw check("takes two inputs (the residual and the branch), got 1");
    }
}
