package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;

import java.util.Map;
import java.util.function.Function;

/** Registers the image preprocessing layers: Resizing, CenterCrop, the contrast layers and the augmentation layers. */
final class ImageLayerSpecs {
    private ImageLayerSpecs() {
    }

    static void register(Map<String, Function<LayerConfig, LayerSpec>> f) {
        f.put("Resizing", ResizingSpec::new);
        f.put("CenterCrop", CenterCropSpec::new);
        for (String cls : AugmentationSpec.CLASSES) {
            f.put(cls, AugmentationSpec::new);
        }
        // These transform images at inference too.
        for (String cls : new String[] {"AutoContrast", "ContrastLimitedAdaptiveHistogramEqualization", "CLAHE"}) {
            f.put(cls, ContrastSpec::new);
        }
    }
}
