package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;

import java.util.Locale;

/**
 * {@code Resizing}: each image is resized to {@code (height, width)} as Keras's {@code ops.image.resize} does
 * with the TensorFlow backend: optionally first center-cropped ({@code crop_to_aspect_ratio}) or padded with
 * {@code fill_value} ({@code pad_to_aspect_ratio}) to the target's aspect ratio, then sampled with half-pixel
 * centers, nearest or bilinear, without antialiasing. Other interpolations (bicubic, lanczos, area,
 * gaussian, mitchellcubic) and {@code antialias=True} are refused: keras2j does not reproduce their kernels.
 */
public final class ResizingSpec extends LayerSpec {
    /** How output pixels are sampled. */
    public enum Interpolation { NEAREST, BILINEAR }

    private final int height;
    private final int width;
    private final Interpolation interpolation;
    private final boolean cropToAspectRatio;
    private final boolean padToAspectRatio;
    private final float fillValue;
    private final DataFormat dataFormat;

    public ResizingSpec(LayerConfig config) {
        super(config);
        this.height = config.requiredInt("height");
        this.width = config.requiredInt("width");
        if (height <= 0 || width <= 0) {
            throw refuse("height " + height + " and width " + width + " must be positive");
        }
        String interp = config.string("interpolation", "bilinear").toLowerCase(Locale.ROOT);
        this.interpolation = switch (interp) {
            case "nearest" -> Interpolation.NEAREST;
            case "bilinear" -> Interpolation.BILINEAR;
            default -> throw refuse("interpolation '" + interp + "' is not supported: keras2j reproduces only"
                    + " nearest and bilinear resizing exactly");
        };
        if (config.bool("antialias", false)) {
            throw refuse("option 'antialias' is true: antialiased resizing (scale-and-translate kernels) is not"
                    + " supported");
        }
        String fillMode = config.string("fill_mode", "constant");
        if (!fillMode.equals("constant")) {
            throw refuse("option 'fill_mode' is '" + fillMode + "'; Keras supports only 'constant'");
        }
        this.cropToAspectRatio = config.bool("crop_to_aspect_ratio", false);
        this.padToAspectRatio = config.bool("pad_to_aspect_ratio", false);
        if (cropToAspectRatio && padToAspectRatio) {
            throw refuse("crop_to_aspect_ratio and pad_to_aspect_ratio are both true; Keras allows only one");
        }
        this.fillValue = (float) config.number("fill_value", 0.0);
        this.dataFormat = DataFormat.parse(config);
    }

    /** Target height. */
    public int height() {
        return height;
    }

    /** Target width. */
    public int width() {
        return width;
    }

    /** Nearest or bilinear. */
    public Interpolation interpolation() {
        return interpolation;
    }

    /** Whether the image is first center-cropped to the target's aspect ratio. */
    public boolean cropToAspectRatio() {
        return cropToAspectRatio;
    }

    /** Whether the image is first padded with {@link #fillValue} to the target's aspect ratio. */
    public boolean padToAspectRatio() {
        return padToAspectRatio;
    }

    /** The value of the padding {@code pad_to_aspect_ratio} adds. */
    public float fillValue() {
        return fillValue;
    }

    /** Where the channel axis sits. */
    public DataFormat dataFormat() {
        return dataFormat;
    }

    @Override
    protected Shape outputShape(Shape input) {
        Shape out = ImageShapes.resized(this, input, height, width, dataFormat);
        int hAxis = dataFormat.spatialAxis(0);
        int wAxis = dataFormat.spatialAxis(1);
        int h = input.dim(hAxis);
        int w = input.dim(wAxis);
        if (padToAspectRatio && h != Shape.UNKNOWN && w != Shape.UNKNOWN) {
            // The padded image is made before it is resampled, and can be far larger than either end.
            int[] pad = ResizeGeometry.pad(h, w, height, width);
            dev.keras2j.model.ModelChecker.checkIntermediateSize(describe() + ": the image padded to the target's"
                    + " aspect ratio", input.with(hAxis, Math.addExact(h, 2 * pad[0]))
                    .with(wAxis, Math.addExact(w, 2 * pad[1])));
        }
        return out;
    }
}
