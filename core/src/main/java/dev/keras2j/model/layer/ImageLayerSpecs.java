package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.UnsupportedModelException;

import java.util.Map;
import java.util.function.Function;

/** Registers the image preprocessing layers: Resizing, CenterCrop and the augmentation layers. */
final class ImageLayerSpecs {
    private ImageLayerSpecs() {
    }

    static void register(Map<String, Function<LayerConfig, LayerSpec>> f) {
        f.put("Resizing", ResizingSpec::new);
        f.put("CenterCrop", CenterCropSpec::new);
        for (String cls : AugmentationSpec.CLASSES) {
            f.put(cls, AugmentationSpec::new);
        }
        // These act at inference too, with kernels keras2j does not reproduce.
        for (String cls : new String[] {"AutoContrast", "ContrastLimitedAdaptiveHistogramEqualization", "CLAHE"}) {
            f.put(cls, c -> {
                throw new UnsupportedModelException(c.describe() + ": refused: " + cls + " transforms images at"
                        + " inference too (per-image statistics), which keras2j does not implement");
            });
        }
    }
}
