package dev.keras2j.reference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A numeric NumPy dtype as written in a {@code .npy} header ({@code descr}), e.g. {@code <f4}, {@code >i8},
 * {@code |b1}. Every supported dtype is converted to float32 on reading.
 */
record NpyDtype(char kind, int itemSize, ByteOrder order, String descr) {

    /**
     * Parses a {@code descr} string. Object ({@code O}), string, unicode, void, complex and datetime dtypes are
     * refused: keras2j compares numbers only, and never unpickles Python objects.
     */
    static NpyDtype parse(String descr, String source) {
        String d = descr;
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        if (!d.isEmpty() && "<>|=".indexOf(d.charAt(0)) >= 0) {
            // '=' (native) is never written by numpy, which normalises it; all platforms numpy saves from in
            // practice are little-endian, as is '|' for single-byte types where order does not matter.
            if (d.charAt(0) == '>') {
                order = ByteOrder.BIG_ENDIAN;
            }
            d = d.substring(1);
        }
        if (d.startsWith("O")) {
            throw new ReferenceFormatException(source + ": dtype " + descr
                    + " is an object array (pickled Python objects); keras2j refuses it and never unpickles");
        }
        if (d.length() < 2) {
            throw new ReferenceFormatException(source + ": unsupported dtype " + descr);
        }
        char kind = d.charAt(0);
        int size;
        try {
            size = Integer.parseInt(d.substring(1));
        } catch (NumberFormatException e) {
            throw new ReferenceFormatException(source + ": unsupported dtype " + descr);
        }
        boolean supported = switch (kind) {
            case 'f' -> size == 2 || size == 4 || size == 8;
            case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
            case 'b' -> size == 1;
            default -> false;
        };
        if (!supported) {
            throw new ReferenceFormatException(source + ": unsupported dtype " + descr
                    + " (float16/32/64, signed and unsigned integers and bool are read)");
        }
        return new NpyDtype(kind, size, order, descr);
    }

    /**
     * Converts {@code count} elements from {@code in} (positioned, any byte order) into {@code out} starting at
     * {@code offset}. Integers beyond 2^24 lose precision, as they do in any float32 conversion.
     */
    void decode(ByteBuffer in, float[] out, int offset, int count) {
        in.order(order);
        switch (kind) {
            case 'f' -> {
                switch (itemSize) {
                    case 2 -> {
                        for (int i = 0; i < count; i++) {
                            out[offset + i] = HalfFloat.toFloat(in.getShort());
                        }
                    }
                    case 4 -> {
                        for (int i = 0; i < count; i++) {
                            out[offset + i] = in.getFloat();
                        }
                    }
                    default -> {
                        for (int i = 0; i < count; i++) {
                            out[offset + i] = (float) in.getDouble();
                        }
                    }
                }
            }
            case 'i' -> {
                for (int i = 0; i < count; i++) {
                    out[offset + i] = switch (itemSize) {
                        case 1 -> in.get();
                        case 2 -> in.getShort();
                        case 4 -> in.getInt();
                        default -> in.getLong();
                    };
                }
            }
            case 'u' -> {
                for (int i = 0; i < count; i++) {
                    out[offset + i] = switch (itemSize) {
                        case 1 -> in.get() & 0xff;
                        case 2 -> in.getShort() & 0xffff;
                        case 4 -> in.getInt() & 0xffffffffL;
                        default -> unsignedLongToFloat(in.getLong());
                    };
                }
            }
            default -> {
                for (int i = 0; i < count; i++) {
                    out[offset + i] = in.get() != 0 ? 1f : 0f;
                }
            }
        }
    }

    private static float unsignedLongToFloat(long v) {
        if (v >= 0) {
            return v;
        }
        // Halve (keeping the low bit so rounding stays correct), convert, double.
        return ((v >>> 1) | (v & 1)) * 2f;
    }
}
