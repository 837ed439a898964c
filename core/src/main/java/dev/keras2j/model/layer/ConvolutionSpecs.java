package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;

import java.util.Map;
import java.util.function.Function;

/** Registers convolution, pooling, padding, cropping and upsampling layers. */
final class ConvolutionSpecs {
    private ConvolutionSpecs() {
    }

    static void register(Map<String, Function<LayerConfig, LayerSpec>> f) {
        // Keras 3 serializes the canonical class names; the aliases are the same classes under names
        // Keras also exports, which hand-written or converted configs sometimes carry.
        for (int rank = 1; rank <= 3; rank++) {
            int r = rank;
            String d = rank + "D";
            if (rank <= 2) {
                f.put("DepthwiseConv" + d, c -> new DepthwiseConvSpec(c, r));
                f.put("SeparableConv" + d, c -> new SeparableConvSpec(c, r));
                f.put("SeparableConvolution" + d, c -> new SeparableConvSpec(c, r));
            }
            f.put("Conv" + d, c -> new ConvSpec(c, r));
            f.put("Convolution" + d, c -> new ConvSpec(c, r));
            f.put("Conv" + d + "Transpose", c -> new ConvTransposeSpec(c, r));
            f.put("Convolution" + d + "Transpose", c -> new ConvTransposeSpec(c, r));
            f.put("MaxPooling" + d, c -> new PoolingSpec(c, r, PoolMode.MAX));
            f.put("MaxPool" + d, c -> new PoolingSpec(c, r, PoolMode.MAX));
            f.put("AveragePooling" + d, c -> new PoolingSpec(c, r, PoolMode.AVERAGE));
            f.put("AvgPool" + d, c -> new PoolingSpec(c, r, PoolMode.AVERAGE));
            f.put("GlobalMaxPooling" + d, c -> new GlobalPoolingSpec(c, r, PoolMode.MAX));
            f.put("GlobalMaxPool" + d, c -> new GlobalPoolingSpec(c, r, PoolMode.MAX));
            f.put("GlobalAveragePooling" + d, c -> new GlobalPoolingSpec(c, r, PoolMode.AVERAGE));
            f.put("GlobalAvgPool" + d, c -> new GlobalPoolingSpec(c, r, PoolMode.AVERAGE));
            f.put("ZeroPadding" + d, c -> new ZeroPaddingSpec(c, r));
            f.put("Cropping" + d, c -> new CroppingSpec(c, r));
            f.put("UpSampling" + d, c -> new UpSamplingSpec(c, r));
        }
    }
}
