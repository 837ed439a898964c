package dev.keras2j.reference;

import dev.keras2j.model.NdArray;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes float32 arrays as NumPy {@code .npy} files (format 1.0, {@code <f4}, C order), readable by
 * {@code numpy.load}.
 */
public final class NpyWriter {
    /** numpy pads the magic, length and header to a multiple of 64 bytes so the data is aligned. */
    private static final int ALIGNMENT = 64;
    private static final int CHUNK_FLOATS = 1 << 14;

    private NpyWriter() {
    }

    /**
     * Writes {@code array} to {@code file} atomically (temporary file in the same folder, then rename).
     *
     * @throws ReferenceFormatException if the file cannot be written
     */
    public static void write(Path file, NdArray array) {
        AtomicReferenceWrite.write(file, out -> write(out, array));
    }

    /** Writes {@code array} in .npy format to {@code out} (not closed). */
    public static void write(OutputStream out, NdArray array) throws IOException {
        out.write(header(array.shape()));
        float[] data = array.data();
        ByteBuffer buffer = ByteBuffer.allocate(Math.min(data.length, CHUNK_FLOATS) * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < data.length; start += CHUNK_FLOATS) {
            int n = Math.min(CHUNK_FLOATS, data.length - start);
            buffer.clear();
            buffer.asFloatBuffer().put(data, start, n);
            out.write(buffer.array(), 0, n * 4);
        }
    }

    /** The complete .npy encoding of {@code array}. */
    public static byte[] toBytes(NdArray array) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + array.size() * 4);
        try {
            write(out, array);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] header(int[] shape) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + NpyReader.shapeText(shape) + ", }";
        int length = dict.length() + 1;
        boolean version2 = 10 + length > 0xffff;
        int prefix = version2 ? 12 : 10;
        int padded = (prefix + length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        int headerLength = padded - prefix;
        ByteBuffer b = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII));
        b.put((byte) (version2 ? 2 : 1)).put((byte) 0);
        if (version2) {
            b.putInt(headerLength);
        } else {
            b.putShort((short) headerLength);
        }
        b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        while (b.position() < padded - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }
}
