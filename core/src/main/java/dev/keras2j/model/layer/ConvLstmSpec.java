package dev.keras2j.model.layer;

import dev.keras2j.model.ActivationSpec;
import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;
import dev.keras2j.model.WeightSlot;

import java.util.Arrays;
import java.util.List;

/**
 * {@code ConvLSTM1D/2D/3D}: an LSTM whose products are convolutions. At each timestep the input frame is
 * convolved with {@code kernel} ({@code strides}, {@code padding}, {@code dilation_rate}) and the previous
 * state with {@code recurrent_kernel} (stride 1, {@code same} padding), the gates in Keras's order i, f, c, o:
 * {@code c = f·c' + i·act(x_c + h_c)}, {@code h = o·act(c)}, {@code i, f, o} through
 * {@code recurrent_activation}. Kernel {@code [k..., in, 4·filters]}, recurrent kernel
 * {@code [k..., filters, 4·filters]}, bias {@code [4·filters]}. {@code unit_forget_bias} only initializes the
 * bias, and {@code dropout}/{@code recurrent_dropout} act only in training, so they do not matter here.
 * {@code stateful} and {@code return_state} are described but refused for running, as for the other
 * recurrent layers.
 */
public final class ConvLstmSpec extends LayerSpec {
    private final int rank;
    private final int filters;
    private final int[] kernelSize;
    private final int[] strides;
    private final int[] dilationRate;
    private final Padding padding;
    private final DataFormat dataFormat;
    private final ActivationSpec activation;
    private final ActivationSpec recurrentActivation;
    private final boolean useBias;
    private final boolean returnSequences;
    private final boolean goBackwards;

    /**
     * @param rank 1, 2 or 3 spatial axes
     */
    public ConvLstmSpec(LayerConfig config, int rank) {
        super(config);
        this.rank = rank;
        this.filters = config.requiredInt("filters");
        if (filters <= 0) {
            throw refuse("filters is " + filters);
        }
        this.kernelSize = positive(config, "kernel_size", null);
        int[] ones = new int[rank];
        Arrays.fill(ones, 1);
        this.strides = positive(config, "strides", ones);
        this.dilationRate = positive(config, "dilation_rate", ones);
        if (Arrays.stream(strides).max().orElse(1) > 1 && Arrays.stream(dilationRate).max().orElse(1) > 1) {
            throw refuse("strides " + Arrays.toString(strides) + " with dilation_rate " + Arrays.toString(dilationRate)
                    + ": Keras does not allow strides > 1 together with dilation_rate > 1");
        }
        this.padding = Padding.parse(config, false);
        this.dataFormat = DataFormat.parse(config);
        this.activation = ActivationSpec.parse(config.raw("activation") == null ? "tanh" : config.raw("activation"),
                config.kerasMajorVersion(), config);
        Object rec = config.raw("recurrent_activation");
        this.recurrentActivation = ActivationSpec.parse(rec == null ? (config.kerasMajorVersion() >= 3 ? "sigmoid"
                : "hard_sigmoid") : rec, config.kerasMajorVersion(), config);
        for (ActivationSpec a : new ActivationSpec[] {activation, recurrentActivation}) {
            if (!a.elementwise()) {
                throw refuse("activation '" + a.kerasName() + "' inside a recurrent cell is not supported");
            }
        }
        this.useBias = config.bool("use_bias", true);
        this.returnSequences = config.bool("return_sequences", false);
        this.goBackwards = config.bool("go_backwards", false);
        if (config.bool("stateful", false)) {
            unsupported("option 'stateful' is true: Keras carries the state over between predict calls, "
                    + "which a stateless runtime cannot reproduce");
        }
        if (config.bool("return_state", false)) {
            unsupported("option 'return_state' is true: the layer then returns its states as extra outputs, "
                    + "which keras2j does not run");
        }
    }

    private int[] positive(LayerConfig config, String key, int[] defaultValue) {
        int[] v = config.ints(key, rank, defaultValue);
        if (v == null) {
            throw refuse("option '" + key + "' is missing");
        }
        for (int x : v) {
            if (x <= 0) {
                throw refuse("option '" + key + "' is " + Arrays.toString(v) + ", expected positive integers");
            }
        }
        return v;
    }

    /** Number of spatial axes. */
    public int rank() {
        return rank;
    }

    /** {@code filters}: state channels. */
    public int filters() {
        return filters;
    }

    /** {@code kernel_size} of both convolutions. */
    public int[] kernelSize() {
        return kernelSize.clone();
    }

    /** {@code strides} of the input convolution. */
    public int[] strides() {
        return strides.clone();
    }

    /** {@code dilation_rate} of the input convolution. */
    public int[] dilationRate() {
        return dilationRate.clone();
    }

    /** {@code padding} of the input convolution (the recurrent one is always {@code same}). */
    public Padding padding() {
        return padding;
    }

    /** Where the channel axis sits in each frame. */
    public DataFormat dataFormat() {
        return dataFormat;
    }

    /** The cell's activation ({@code tanh} by default). */
    public ActivationSpec activation() {
        return activation;
    }

    /** The gates' activation. */
    public ActivationSpec recurrentActivation() {
        return recurrentActivation;
    }

    /** Whether the bias is added. */
    public boolean useBias() {
        return useBias;
    }

    /** Whether every step's state is returned, else the last. */
    public boolean returnSequences() {
        return returnSequences;
    }

    /** Whether the sequence is read from its end. */
    public boolean goBackwards() {
        return goBackwards;
    }

    /** The spatial size of the state for a frame of spatial size {@code in} (the input convolution's output). */
    public int[] stateSpatial(int[] in) {
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = WindowArithmetic.outputLength(in[i], kernelSize[i], strides[i], dilationRate[i], padding);
            if (in[i] != Shape.UNKNOWN && out[i] <= 0) {
                throw check("kernel " + Arrays.toString(kernelSize) + " does not fit frames of size " + Arrays.toString(in)
                        + " with padding 'valid'");
            }
        }
        return out;
    }

    private Shape frame(Shape input) {
        if (input.rank() != rank + 2) {
            throw check("expects an input of rank " + (rank + 3) + " (batch, time, " + rank + " spatial axes and"
                    + " channels) but receives " + input.toKerasString());
        }
        int[] d = input.dims();
        Shape frame = Shape.of(Arrays.copyOfRange(d, 1, d.length));
        int[] spatial = dataFormat.spatial(frame, rank);
        for (int s : spatial) {
            if (s == Shape.UNKNOWN) {
                throw check("ConvLSTM needs static spatial dimensions, got " + input.toKerasString());
            }
        }
        if (frame.dim(dataFormat.channelAxis(frame.rank())) == Shape.UNKNOWN) {
            throw check("the channel axis is unknown in " + input.toKerasString());
        }
        return frame;
    }

    private int channels(Shape input) {
        Shape frame = frame(input);
        return frame.dim(dataFormat.channelAxis(frame.rank()));
    }

    @Override
    protected Shape outputShape(Shape input) {
        Shape frame = frame(input);
        Shape state = dataFormat.shape(stateSpatial(dataFormat.spatial(frame, rank)), filters);
        if (!returnSequences) {
            return state;
        }
        int[] s = state.dims();
        int[] out = new int[s.length + 1];
        out[0] = input.dim(0);
        System.arraycopy(s, 0, out, 1, s.length);
        return Shape.of(out);
    }

    @Override
    protected List<WeightSlot> weightSlots(Shape input) {
        int in = channels(input);
        int[] kernel = Arrays.copyOf(kernelSize, rank + 2);
        kernel[rank] = in;
        kernel[rank + 1] = 4 * filters;
        int[] recurrent = kernel.clone();
        recurrent[rank] = filters;
        return useBias
                ? List.of(new WeightSlot("kernel", kernel), new WeightSlot("recurrent_kernel", recurrent),
                        new WeightSlot("bias", new int[] {4 * filters}))
                : List.of(new WeightSlot("kernel", kernel), new WeightSlot("recurrent_kernel", recurrent));
    }
}
