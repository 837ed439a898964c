package dev.keras2j.model.layer;

/**
 * The integer geometry of Keras's {@code ops.image.resize} (TensorFlow backend): where it crops or pads an
 * image to a target's aspect ratio before resampling (sizes computed in float32 and truncated, as there) and
 * which source pixel nearest-neighbour resampling copies. Shared by the runtime and the exporters so both
 * cut the same windows and copy the same pixels.
 */
public final class ResizeGeometry {
    private ResizeGeometry() {
    }

    /**
     * The central window with the target's aspect ratio ({@code crop_to_aspect_ratio}, {@code smart_resize}).
     *
     * @return {@code {top, left, height, width}}
     */
    public static int[] crop(int h, int w, int targetH, int targetW) {
        int cropH = Math.max(Math.min(h, (int) ((float) Math.multiplyExact(w, targetH) / (float) targetW)), 1);
        int cropW = Math.max(Math.min(w, (int) ((float) Math.multiplyExact(h, targetW) / (float) targetH)), 1);
        int top = (int) ((float) (h - cropH) / 2f);
        int left = (int) ((float) (w - cropW) / 2f);
        return new int[] {top, left, cropH, cropW};
    }

    /**
     * The rows added above and below, and the columns left and right ({@code pad_to_aspect_ratio}): TensorFlow's
     * backend adds the same number on both sides, half the missing ones rounded down.
     *
     * @return {@code {top, left}}
     */
    public static int[] pad(int h, int w, int targetH, int targetW) {
        int padH = Math.max(h, (int) ((float) Math.multiplyExact(w, targetH) / (float) targetW));
        int padW = Math.max(w, (int) ((float) Math.multiplyExact(h, targetW) / (float) targetH));
        return new int[] {(int) ((float) (padH - h) / 2f), (int) ((float) (padW - w) / 2f)};
    }

    /**
     * {@code tf.image.resize(method='nearest')} with half-pixel centres: output position {@code i} copies input
     * {@code min(floor((i + 0.5) * in / out), in - 1)}, in float32 as TensorFlow computes it.
     */
    public static int[] nearestIndices(int in, int out) {
        float scale = (float) in / (float) out;
        int[] idx = new int[out];
        for (int i = 0; i < out; i++) {
            idx[i] = Math.max(0, Math.min((int) Math.floor(((float) i + 0.5f) * scale), in - 1));
        }
        return idx;
    }
}
