package dev.keras2j.container;

import io.jhdf.exceptions.HdfFilterException;
import io.jhdf.filter.Filter;
import io.jhdf.filter.FilterManager;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * HDF5's deflate filter with a ceiling: jhdf's own inflates a chunk until the compressed data ends, so a
 * 1 MB chunk of a 1 GB run of zeros becomes 1 GB on the heap whatever the dataset declares. This one stops
 * at the size the chunk can legitimately have, which {@link Hdf5Container} sets before each read.
 */
final class BoundedDeflate implements Filter {
    /** The most bytes one chunk may inflate to on this thread, or 0 when no read set it. */
    private static final ThreadLocal<long[]> CEILING = ThreadLocal.withInitial(() -> new long[1]);

    private BoundedDeflate() {
    }

    /** Replaces jhdf's deflate filter, once per class loader (jhdf keeps its filters in a static map). */
    static void install() {
        Holder.INSTALLED.hashCode();
    }

    private static final class Holder {
        static final Object INSTALLED = register();

        private static Object register() {
            FilterManager.addFilter(new BoundedDeflate());
            return Boolean.TRUE;
        }
    }

    /** Sets the ceiling for chunks inflated by this thread until {@link #clear}. */
    static void ceiling(long bytes) {
        CEILING.get()[0] = bytes;
    }

    static void clear() {
        CEILING.get()[0] = 0;
    }

    @Override
    public int getId() {
        return 1;
    }

    @Override
    public String getName() {
        return "deflate";
    }

    @Override
    public byte[] decode(byte[] encoded, int[] filterData) {
        long set = CEILING.get()[0];
        long ceiling = set > 0 ? set : dev.keras2j.model.Limits.TENSOR_ELEMENTS.value() * 8;
        int max = (int) Math.min(ceiling, Integer.MAX_VALUE - 8L);
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(encoded);
            byte[] out = new byte[(int) Math.min(max, Math.max(64L, encoded.length * 4L))];
            int n = 0;
            while (!inflater.finished()) {
                if (n == out.length) {
                    if (out.length >= max) {
                        throw new HdfFilterException("a deflate chunk inflates beyond the " + max
                                + " bytes its dataset allows (a decompression bomb?)");
                    }
                    out = Arrays.copyOf(out, (int) Math.min(max, out.length * 2L));
                }
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new HdfFilterException("truncated deflate chunk");
                }
                n += got;
            }
            return n == out.length ? out : Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
            throw new HdfFilterException("corrupt deflate chunk: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
