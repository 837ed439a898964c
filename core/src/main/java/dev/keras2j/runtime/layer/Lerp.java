package dev.keras2j.runtime.layer;

/**
 * TensorFlow's per-axis bilinear interpolation weights with half-pixel centers
 * ({@code compute_interpolation_weights}): output {@code i} reads input {@code lower[i]} and {@code upper[i]}
 * (clamped to the image) with weight {@code lerp[i]} on the upper one, from source coordinate
 * {@code (i + 0.5) * (in / out) - 0.5} in float.
 */
record Lerp(int[] lower, int[] upper, float[] lerp) {
    static Lerp of(int in, int out) {
        float scale = (float) in / (float) out;
        int[] lower = new int[out];
        int[] upper = new int[out];
        float[] lerp = new float[out];
        for (int i = 0; i < out; i++) {
            float v = ((float) i + 0.5f) * scale - 0.5f;
            float f = (float) Math.floor(v);
            lower[i] = Math.max((int) f, 0);
            upper[i] = Math.min((int) Math.ceil(v), in - 1);
            lerp[i] = v - f;
        }
        return new Lerp(lower, upper, lerp);
    }
}
