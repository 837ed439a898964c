package dev.keras2j.runtime.kernel;

/**
 * The inner step of a pooling window over channels-last pixels: one pixel's channels folded into the
 * running maxima or sums of an output pixel. {@code Math.max} keeps Java's rules (NaN wins, {@code +0.0}
 * above {@code -0.0}) and a sum adds each pixel in the order given; the Vector API path
 * ({@link VectorWindowReduce}) does the same per lane, so both give the same bits. Scalar {@code Math.max}
 * costs several instructions per value to get those rules right, which made pooling a few percent of a
 * CNN's time.
 */
public final class WindowReduce {
    private WindowReduce() {
    }

    /** {@code acc[accAt + i] = Math.max(acc[accAt + i], src[srcAt + i])} for {@code i < count}. */
    public static void max(float[] acc, int accAt, float[] src, int srcAt, int count) {
        int i = VectorSupport.ready() ? VectorWindowReduce.max(acc, accAt, src, srcAt, count) : 0;
        for (; i < count; i++) {
            acc[accAt + i] = Math.max(acc[accAt + i], src[srcAt + i]);
        }
    }

    /** {@code acc[accAt + i] += src[srcAt + i]} for {@code i < count}. */
    public static void add(float[] acc, int accAt, float[] src, int srcAt, int count) {
        int i = VectorSupport.ready() ? VectorWindowReduce.add(acc, accAt, src, srcAt, count) : 0;
        for (; i < count; i++) {
            acc[accAt + i] += src[srcAt + i];
        }
    }
}
