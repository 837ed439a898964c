package dev.keras2j.export.onnx;

/**
 * How to export.
 *
 * @param opset               the ONNX opset (default domain) the file declares, {@link #MIN_OPSET} to
 *                            {@link #MAX_OPSET}
 * @param externalDataAbove   total initializer bytes above which weights are written as ONNX external data
 *                            beside the file (protobuf caps a message at 2 GB)
 */
public record OnnxOptions(int opset, long externalDataAbove) {
    /** The oldest opset the export targets. */
    public static final int MIN_OPSET = 13;
    /** The newest opset ONNX Runtime 1.23 runs, and the default. */
    public static final int MAX_OPSET = 23;
    /** Weights stay inside the file up to this many bytes. */
    public static final long DEFAULT_EXTERNAL_DATA_ABOVE = 1_800_000_000L;

    public OnnxOptions {
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new IllegalArgumentException("opset " + opset + " is outside " + MIN_OPSET + ".." + MAX_OPSET);
        }
    }

    /** The default opset, weights inside the file. */
    public static OnnxOptions defaults() {
        return new OnnxOptions(MAX_OPSET, DEFAULT_EXTERNAL_DATA_ABOVE);
    }

    /** These options with another opset. */
    public OnnxOptions withOpset(int newOpset) {
        return new OnnxOptions(newOpset, externalDataAbove);
    }

    /** The ONNX IR version that goes with the opset (the one of the ONNX release that introduced it). */
    int irVersion() {
        if (opset >= 23) {
            return 11;
        }
        if (opset >= 21) {
            return 10;
        }
        if (opset >= 19) {
            return 9;
        }
        if (opset >= 15) {
            return 8;
        }
        return 7;
    }
}
