package dev.keras2j.export.dl4j;

import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.layer.ConvSpec;
import dev.keras2j.model.layer.ConvTransposeSpec;
import dev.keras2j.model.layer.DepthwiseConvSpec;
import dev.keras2j.model.layer.SeparableConvSpec;
import dev.keras2j.model.layer.BaseConvSpec;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import dev.keras2j.model.layer.CroppingSpec;
import dev.keras2j.model.layer.GlobalPoolingSpec;
import dev.keras2j.model.layer.Padding;
import dev.keras2j.model.layer.PoolMode;
import dev.keras2j.model.layer.PoolingSpec;
import dev.keras2j.model.layer.UpSamplingSpec;
import dev.keras2j.model.layer.ZeroPaddingSpec;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling1D;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.ZeroPadding1DLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping1D;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** DL4J translations of the convolution, pooling, padding, cropping and upsampling layers. */
final class ConvolutionTranslations {
    private ConvolutionTranslations() {
    }

    static void register(Map<Class<? extends LayerSpec>, Translation> t) {
        t.put(ConvSpec.class, ConvolutionTranslations::conv);
        t.put(ConvTransposeSpec.class, ConvolutionTranslations::convTranspose);
        t.put(DepthwiseConvSpec.class, ConvolutionTranslations::depthwise);
        t.put(SeparableConvSpec.class, ConvolutionTranslations::separable);
        t.put(PoolingSpec.class, ConvolutionTranslations::pooling);
        t.put(GlobalPoolingSpec.class, ConvolutionTranslations::globalPooling);
        t.put(ZeroPaddingSpec.class, ConvolutionTranslations::zeroPadding);
        t.put(CroppingSpec.class, ConvolutionTranslations::cropping);
        t.put(UpSamplingSpec.class, ConvolutionTranslations::upSampling);
    }

    static ConvolutionMode mode(Padding p) {
        return switch (p) {
            case VALID -> ConvolutionMode.Truncate;
            case SAME -> ConvolutionMode.Same;
            case CAUSAL -> ConvolutionMode.Causal;
        };
    }

    private static CNN2DFormat format(LayerStep s) {
        return s.cf() ? CNN2DFormat.NCHW : CNN2DFormat.NHWC;
    }

    private static void conv(LayerStep s) {
        ConvSpec c = (ConvSpec) s.spec();
        if (c.groups() != 1) {
            throw s.refuse("groups=" + c.groups() + ": DL4J has no grouped convolution");
        }
        IActivation act = Dl4jActivations.map(c.activation(), c.describe());
        INDArray kernel = s.weight("kernel");
        Map<String, INDArray> params = new LinkedHashMap<>();
        int nIn = s.in().dim(s.cf() ? 0 : -1);
        if (c.rank() == 2) {
            // Keras [kh, kw, in, out]; DL4J [out, in, kh, kw] whatever the data format.
            params.put("W", kernel.permute(3, 2, 0, 1).dup('c'));
            s.bias(c.useBias(), params);
            s.add(new ConvolutionLayer.Builder(c.kernelSize()).stride(c.strides()).dilation(c.dilationRate())
                    .convolutionMode(mode(c.padding())).nIn(nIn).nOut(c.filters()).dataFormat(format(s))
                    .hasBias(c.useBias()).activation(act).build(), params);
        } else {
            // DL4J M2.1 declares W as [out, in, k, 1] but its 1D convolution reads the buffer in Keras's
            // [k, in, out] order, so the Keras kernel is stored unpermuted.
            int k = c.kernelSize()[0];
            params.put("W", kernel.dup('c').reshape('c', c.filters(), nIn, k, 1));
            s.bias(c.useBias(), params);
            s.add(new Convolution1DLayer.Builder(k, c.strides()[0]).dilation(c.dilationRate()[0])
                    .convolutionMode(mode(c.padding())).nIn(nIn).nOut(c.filters())
                    .rnnDataFormat(s.cf() ? RNNFormat.NCW : RNNFormat.NWC).hasBias(c.useBias()).activation(act)
                    .build(), params);
        }
    }

    private static void pooling(LayerStep s) {
        PoolingSpec p = (PoolingSpec) s.spec();
        PoolingType type = p.mode() == PoolMode.MAX ? PoolingType.MAX : PoolingType.AVG;
        if (p.rank() == 2) {
            s.add(new SubsamplingLayer.Builder(type).kernelSize(p.poolSize()).stride(p.strides())
                    .convolutionMode(mode(p.padding())).avgPoolIncludePadInDivisor(false).dataFormat(format(s))
                    .build(), Map.of());
        } else {
            Subsampling1DLayer pool = new Subsampling1DLayer.Builder(type).kernelSize(p.poolSize()[0])
                    .stride(p.strides()[0]).convolutionMode(mode(p.padding())).avgPoolIncludePadInDivisor(false)
                    .build();
            // DL4J M2.1's Subsampling1DLayer builder drops the pooling type (always MAX); set it on the layer.
            pool.setPoolingType(type);
            onChannelsFirst(s, pool);
        }
    }

    private static void globalPooling(LayerStep s) {
        GlobalPoolingSpec g = (GlobalPoolingSpec) s.spec();
        if (g.keepDims()) {
            throw s.refuse("keepdims=True: DL4J's global pooling keeps the pooled axes in another order");
        }
        boolean cf = s.cf();
        s.outputChannelsFirst(false);
        // g.usesMask() does not matter: every layer that produces a mask (Masking, mask_zero) is refused.
        int[] dims = g.rank() == 2 ? (cf ? new int[] {2, 3} : new int[] {1, 2}) : (cf ? new int[] {2} : new int[] {1});
        s.add(new GlobalPoolingLayer.Builder(g.mode() == PoolMode.MAX ? PoolingType.MAX : PoolingType.AVG)
                .poolingDimensions(dims).collapseDimensions(true).build(), Map.of());
    }

    private static void zeroPadding(LayerStep s) {
        ZeroPaddingSpec z = (ZeroPaddingSpec) s.spec();
        int[][] p = z.padding();
        if (z.rank() == 2) {
            s.add(new ZeroPaddingLayer.Builder(p[0][0], p[0][1], p[1][0], p[1][1]).dataFormat(format(s)).build(),
                    Map.of());
        } else {
            onChannelsFirst(s, new ZeroPadding1DLayer.Builder(p[0][0], p[0][1]).build());
        }
    }

    private static void cropping(LayerStep s) {
        CroppingSpec c = (CroppingSpec) s.spec();
        int[][] p = c.cropping();
        if (c.rank() == 2) {
            s.add(new Cropping2D.Builder(p[0][0], p[0][1], p[1][0], p[1][1]).dataFormat(format(s)).build(), Map.of());
        } else {
            onChannelsFirst(s, new Cropping1D.Builder(p[0][0], p[0][1]).build());
        }
    }

    private static void upSampling(LayerStep s) {
        UpSamplingSpec u = (UpSamplingSpec) s.spec();
        if (u.interpolation() != UpSamplingSpec.Interpolation.NEAREST) {
            throw s.refuse("interpolation '" + u.interpolation().name().toLowerCase(Locale.ROOT)
                    + "': DL4J upsamples by repetition (nearest) only");
        }
        if (u.rank() == 2) {
            s.add(new Upsampling2D.Builder().size(u.size()).dataFormat(format(s)).build(), Map.of());
        } else {
            onChannelsFirst(s, new Upsampling1D.Builder().size(u.size()[0]).build());
        }
    }

    /**
     * Adds a DL4J 1D layer that computes on channels-first sequences only: directly on an NCW input, and
     * between two axis swaps ({@link Layouts}) on an NWC one.
     */
    private static void onChannelsFirst(LayerStep s, Layer dl4j) {
        if (s.cf()) {
            s.add(dl4j, Map.of());
            return;
        }
        String rows = Layouts.rows(s, "rows", s.input(), RNNFormat.NWC);
        String ncw = s.helper("ncw", rows, dl4j, Layouts.sequence(RNNFormat.NCW));
        String back = Layouts.rows(s, "ncw_rows", ncw, RNNFormat.NCW);
        s.add(back, CoreTranslations.identity(), Layouts.sequence(RNNFormat.NWC), Map.of());
    }

    /** Refuses the 1D form of a convolution that DL4J has in 2D only. */
    private static void require2d(LayerStep s, BaseConvSpec c, String dl4jLayer) {
        if (c.rank() != 2) {
            throw s.refuse("DL4J's " + dl4jLayer + " is two-dimensional; the " + c.rank() + "D form has no DL4J layer");
        }
    }

    private static void convTranspose(LayerStep s) {
        ConvTransposeSpec c = (ConvTransposeSpec) s.spec();
        require2d(s, c, "Deconvolution2D");
        if (c.outputPadding() != null) {
            throw s.refuse("output_padding " + java.util.Arrays.toString(c.outputPadding())
                    + ": DL4J's Deconvolution2D has no output padding");
        }
        if (!c.undilated()) {
            throw s.refuse("dilation_rate " + java.util.Arrays.toString(c.dilationRate())
                    + ": DL4J's Deconvolution2D computes another output size for dilated kernels");
        }
        for (int i = 0; i < 2; i++) {
            if (c.padding() == Padding.SAME && c.kernelSize()[i] < c.strides()[i]) {
                throw s.refuse("padding 'same' with kernel_size " + java.util.Arrays.toString(c.kernelSize())
                        + " smaller than strides " + java.util.Arrays.toString(c.strides())
                        + ": DL4J's Deconvolution2D padding of kernels smaller than the stride is not verified against Keras");
            }
        }
        int nIn = s.in().dim(s.cf() ? 0 : -1);
        Map<String, INDArray> params = new LinkedHashMap<>();
        // Keras [kh, kw, out, in]; DL4J's deconvolution [in, out, kh, kw].
        params.put("W", s.weight("kernel").permute(3, 2, 0, 1).dup('c'));
        s.bias(c.useBias(), params);
        s.add(new Deconvolution2D.Builder().kernelSize(c.kernelSize()).stride(c.strides())
                .convolutionMode(mode(c.padding())).nIn(nIn).nOut(c.filters()).dataFormat(format(s))
                .hasBias(c.useBias()).activation(Dl4jActivations.map(c.activation(), c.describe())).build(), params);
    }

    private static void depthwise(LayerStep s) {
        DepthwiseConvSpec c = (DepthwiseConvSpec) s.spec();
        require2d(s, c, "DepthwiseConvolution2D");
        int nIn = s.in().dim(s.cf() ? 0 : -1);
        Map<String, INDArray> params = new LinkedHashMap<>();
        // Keras and DL4J both store the depthwise kernel as [kh, kw, in, multiplier].
        params.put("W", s.weight("depthwise_kernel").dup('c'));
        s.bias(c.useBias(), params);
        s.add(new DepthwiseConvolution2D.Builder().kernelSize(c.kernelSize()).stride(c.strides())
                .dilation(c.dilationRate()).convolutionMode(mode(c.padding())).depthMultiplier(c.depthMultiplier())
                .nIn(nIn).nOut((long) nIn * c.depthMultiplier()).dataFormat(format(s)).hasBias(c.useBias())
                .activation(Dl4jActivations.map(c.activation(), c.describe())).build(), params);
    }

    private static void separable(LayerStep s) {
        SeparableConvSpec c = (SeparableConvSpec) s.spec();
        require2d(s, c, "SeparableConvolution2D");
        int nIn = s.in().dim(s.cf() ? 0 : -1);
        Map<String, INDArray> params = new LinkedHashMap<>();
        // Keras depthwise [kh, kw, in, multiplier] and pointwise [1, 1, in * multiplier, out]; DL4J
        // [multiplier, in, kh, kw] and [out, in * multiplier, 1, 1].
        params.put("W", s.weight("depthwise_kernel").permute(3, 2, 0, 1).dup('c'));
        params.put("pW", s.weight("pointwise_kernel").permute(3, 2, 0, 1).dup('c'));
        s.bias(c.useBias(), params);
        s.add(new SeparableConvolution2D.Builder().kernelSize(c.kernelSize()).stride(c.strides())
                .dilation(c.dilationRate()).convolutionMode(mode(c.padding())).depthMultiplier(c.depthMultiplier())
                .nIn(nIn).nOut(c.filters()).dataFormat(format(s)).hasBias(c.useBias())
                .activation(Dl4jActivations.map(c.activation(), c.describe())).build(), params);
    }
}
