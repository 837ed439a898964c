package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;

import java.util.Set;

/**
 * The random image augmentation layers of Keras 3.15 ({@code RandomFlip}, {@code RandomRotation},
 * {@code RandomZoom}, ...): each transforms its images only when called with {@code training=True}; at
 * inference it returns them unchanged (read in each layer's {@code transform_images}), whatever its options.
 * {@code RandomCrop} is the identity at inference too, but Keras declares a {@code (height, width)} output,
 * so it is accepted only where the two agree.
 */
public final class AugmentationSpec extends LayerSpec {
    /** Keras 3.15's image layers whose {@code call(training=False)} returns the images unchanged. */
    public static final Set<String> CLASSES = Set.of("RandomFlip", "RandomRotation", "RandomZoom",
            "RandomTranslation", "RandomContrast", "RandomBrightness", "RandomCrop", "RandomHue", "RandomSaturation",
            "RandomGrayscale", "RandomSharpness", "RandomShear", "RandomPosterization", "RandomInvert",
            "RandomColorDegeneration", "RandomColorJitter", "RandomErasing", "RandomGaussianBlur",
            "RandomPerspective", "RandomElasticTransform", "Solarization", "Equalization", "AugMix", "RandAugment",
            "CutMix", "MixUp", "MaxNumBoundingBoxes");

    public AugmentationSpec(LayerConfig config) {
        super(config);
    }

    @Override
    protected Shape outputShape(Shape input) {
        if (className().equals("RandomCrop")) {
            DataFormat format = DataFormat.parse(config());
            int h = config().requiredInt("height");
            int w = config().requiredInt("width");
            Shape declared = ImageShapes.resized(this, input, h, w, format);
            if (!declared.equals(input)) {
                throw refuse("RandomCrop(" + h + ", " + w + ") on " + input.toKerasString() + ": at inference Keras 3"
                        + " returns the images uncropped while declaring a " + declared.toKerasString()
                        + " output, so the model's later layers do not fit what Keras computes");
            }
        }
        return input;
    }
}
