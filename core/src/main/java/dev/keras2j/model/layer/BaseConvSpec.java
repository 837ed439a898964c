package dev.keras2j.model.layer;

import dev.keras2j.model.ActivationSpec;
import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.Shape;

import java.util.Arrays;

/**
 * Options every convolution shares: kernel size, strides, padding, dilation, data format, bias and
 * activation. The output is {@code activation(conv(x) + bias)}.
 */
public abstract class BaseConvSpec extends SlidingWindowSpec {
    private final int[] kernelSize;
    private final int[] strides;
    private final int[] dilationRate;
    private final Padding padding;
    private final boolean useBias;
    private final ActivationSpec activation;

    protected BaseConvSpec(LayerConfig config, int rank, boolean allowCausal) {
        super(config, rank, DataFormat.parse(config));
        this.kernelSize = positive("kernel_size", null);
        this.strides = positive("strides", ones());
        this.dilationRate = positive("dilation_rate", ones());
        this.padding = Padding.parse(config, allowCausal);
        this.useBias = config.bool("use_bias", true);
        this.activation = ActivationSpec.parse(config.raw("activation"), config.kerasMajorVersion(), config);
        if (!unitStrides() && !undilated()) {
            throw refuse("strides " + Arrays.toString(strides) + " with dilation_rate " + Arrays.toString(dilationRate)
                    + ": Keras does not allow strides > 1 together with dilation_rate > 1");
        }
        if (config.has("lora_rank")) {
            throw refuse("option 'lora_rank' is set: LoRA weights are not supported");
        }
        if (config.has("quantization_config")) {
            throw refuse("option 'quantization_config' is set: quantized weights are not supported");
        }
    }

    /** {@code kernel_size}, one entry per spatial axis. */
    public int[] kernelSize() {
        return kernelSize.clone();
    }

    /** {@code strides}, one entry per spatial axis. */
    public int[] strides() {
        return strides.clone();
    }

    /** {@code dilation_rate}, one entry per spatial axis. */
    public int[] dilationRate() {
        return dilationRate.clone();
    }

    /** Whether every stride is 1. */
    public boolean unitStrides() {
        return all(strides, 1);
    }

    /** Whether every dilation rate is 1. */
    public boolean undilated() {
        return all(dilationRate, 1);
    }

    /** Whether the kernel spans {@code size} along every spatial axis. */
    public boolean kernelIs(int size) {
        return all(kernelSize, size);
    }

    private static boolean all(int[] values, int value) {
        for (int v : values) {
            if (v != value) {
                return false;
            }
        }
        return true;
    }

    /** {@code padding}: valid, same, or (Conv1D only) causal. */
    public Padding padding() {
        return padding;
    }

    /** {@code use_bias}: whether a bias is added before the activation. */
    public boolean useBias() {
        return useBias;
    }

    /** {@code activation}, applied last. */
    public ActivationSpec activation() {
        return activation;
    }

    /** The spatial output dimensions of a (non-transposed) convolution over {@code input}. */
    protected int[] convolvedSpatial(Shape input) {
        int[] in = spatialOf(input);
        int[] out = new int[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = WindowArithmetic.outputLength(in[i], kernelSize[i], strides[i], dilationRate[i], padding);
            if (in[i] != Shape.UNKNOWN && out[i] <= 0) {
                throw check("kernel " + Arrays.toString(kernelSize) + " with dilation_rate "
                        + Arrays.toString(dilationRate) + " does not fit input " + input.toKerasString()
                        + " with padding 'valid'");
            }
        }
        return out;
    }

    /** The kernel's spatial dimensions followed by {@code tail}: Keras's kernel layouts. */
    protected int[] kernelShape(int... tail) {
        int[] s = Arrays.copyOf(kernelSize, kernelSize.length + tail.length);
        System.arraycopy(tail, 0, s, kernelSize.length, tail.length);
        return s;
    }
}
