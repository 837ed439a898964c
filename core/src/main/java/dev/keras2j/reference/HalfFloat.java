package dev.keras2j.reference;

/** IEEE 754 binary16 → binary32 conversion (Java 17 lacks {@code Float.float16ToFloat}). */
final class HalfFloat {
    private HalfFloat() {
    }

    /** Converts the half-precision bits in the low 16 bits of {@code half}; exact for every value. */
    static float toFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            // Infinity or NaN; keep the NaN payload bits.
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // Zero or subnormal: value = mantissa * 2^-24, exact in float.
            float magnitude = mantissa * 0x1p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
