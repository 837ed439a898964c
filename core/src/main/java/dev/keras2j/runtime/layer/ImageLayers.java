package dev.keras2j.runtime.layer;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.layer.AugmentationSpec;
import dev.keras2j.model.layer.CenterCropSpec;
import dev.keras2j.model.layer.ContrastSpec;
import dev.keras2j.model.layer.ResizingSpec;
import dev.keras2j.runtime.RuntimeLayer;

import java.util.Map;
import java.util.function.Function;

/** Registers the runtime's image preprocessing layers. */
public final class ImageLayers {
    private ImageLayers() {
    }

    public static void register(Map<Class<? extends LayerSpec>, Function<CheckedLayer, RuntimeLayer>> f) {
        f.put(ResizingSpec.class, ResizingLayer::new);
        f.put(CenterCropSpec.class, CenterCropLayer::new);
        f.put(ContrastSpec.class, ContrastLayer::new);
        // The augmentation layers return their images unchanged at inference.
        f.put(AugmentationSpec.class, IdentityLayer::new);
    }
}
