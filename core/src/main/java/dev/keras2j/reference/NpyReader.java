package dev.keras2j.reference;

import dev.keras2j.model.NdArray;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads NumPy {@code .npy} arrays (format versions 1.0, 2.0 and 3.0) into float32 {@link NdArray}s in C order.
 *
 * <p>Reads float16/32/64, signed and unsigned 8-64 bit integers and bool, in either byte order; Fortran-ordered
 * arrays are transposed to C order; 0-d arrays become rank-0 arrays with one element. Object arrays are refused
 * (never unpickled). The size the header declares is checked against the bytes actually present before any
 * array is allocated, so a corrupt header cannot trigger a huge allocation.
 */
public final class NpyReader {
    /** Largest element count a Java float[] can hold safely. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final int CHUNK_BYTES = 1 << 16;

    private NpyReader() {
    }

    /**
     * Reads a {@code .npy} file.
     *
     * @throws ReferenceFormatException if the file is missing, unreadable, truncated or not a supported array
     */
    public static NdArray read(Path file) {
        String source = file.toString();
        try {
            long size = Files.size(file);
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                return read(in, size, source);
            }
        } catch (NoSuchFileException e) {
            throw new ReferenceFormatException(source + ": file not found");
        } catch (IOException e) {
            throw new ReferenceFormatException(source + ": cannot read .npy file: " + e.getMessage(), e);
        }
    }

    /**
     * Reads one {@code .npy} array from {@code in}, which must hold exactly {@code totalBytes} bytes (header
     * included), e.g. a file or a zip entry whose size is known.
     *
     * @param source the name used in error messages (a file, or {@code archive.npz:key})
     * @throws ReferenceFormatException on any malformed, truncated or unsupported content
     */
    public static NdArray read(InputStream in, long totalBytes, String source) throws IOException {
        NpyHeader header = NpyHeader.read(in, source);
        long count;
        long dataBytes;
        try {
            count = header.elementCount();
            dataBytes = Math.multiplyExact(count, (long) header.dtype().itemSize());
        } catch (ArithmeticException e) {
            throw new ReferenceFormatException(source + ": declared shape " + shapeText(header.shape()) + " overflows");
        }
        long available = totalBytes - header.headerBytes();
        if (dataBytes > available) {
            throw new ReferenceFormatException(source + ": truncated .npy data: shape " + shapeText(header.shape())
                    + " of " + header.dtype().descr() + " needs " + dataBytes + " bytes but only "
                    + Math.max(0, available) + " follow the header");
        }
        if (dataBytes < available) {
            throw new ReferenceFormatException(source + ": .npy data has " + (available - dataBytes)
                    + " bytes beyond the " + dataBytes + " that shape " + shapeText(header.shape()) + " of "
                    + header.dtype().descr() + " declares");
        }
        if (count > MAX_ELEMENTS) {
            throw new ReferenceFormatException(source + ": array of " + count + " elements is too large");
        }
        float[] data = new float[(int) count];
        int itemSize = header.dtype().itemSize();
        int perChunk = CHUNK_BYTES / itemSize;
        byte[] chunk = new byte[perChunk * itemSize];
        int done = 0;
        while (done < count) {
            int n = (int) Math.min(perChunk, count - done);
            int bytes = n * itemSize;
            int read = in.readNBytes(chunk, 0, bytes);
            if (read != bytes) {
                throw new ReferenceFormatException(source + ": truncated .npy data (ended after "
                        + ((long) done * itemSize + read) + " of " + dataBytes + " bytes)");
            }
            header.dtype().decode(ByteBuffer.wrap(chunk, 0, bytes), data, done, n);
            done += n;
        }
        if (in.read() != -1) {
            throw new ReferenceFormatException(source + ": .npy data continues beyond the " + dataBytes
                    + " bytes that shape " + shapeText(header.shape()) + " declares");
        }
        int[] shape = header.shape();
        if (header.fortranOrder() && shape.length > 1) {
            data = fortranToC(data, shape);
        }
        return NdArray.of(data, shape);
    }

    /** Reorders a column-major (first index fastest) array into row-major order. */
    static float[] fortranToC(float[] fortran, int[] shape) {
        int rank = shape.length;
        int[] cStrides = new int[rank];
        int stride = 1;
        for (int axis = rank - 1; axis >= 0; axis--) {
            cStrides[axis] = stride;
            stride *= shape[axis];
        }
        float[] c = new float[fortran.length];
        int[] index = new int[rank];
        int cOffset = 0;
        for (int f = 0; f < fortran.length; f++) {
            c[cOffset] = fortran[f];
            // Advance the multi-index with the first axis fastest, tracking the C offset incrementally.
            for (int axis = 0; axis < rank; axis++) {
                index[axis]++;
                cOffset += cStrides[axis];
                if (index[axis] < shape[axis]) {
                    break;
                }
                cOffset -= cStrides[axis] * shape[axis];
                index[axis] = 0;
            }
        }
        return c;
    }

    static String shapeText(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        String s = Arrays.toString(shape);
        return "(" + s.substring(1, s.length() - 1) + ")";
    }
}
