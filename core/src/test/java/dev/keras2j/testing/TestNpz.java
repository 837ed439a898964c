package dev.keras2j.testing;

import dev.keras2j.model.NdArray;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A minimal reader of numpy {@code .npz} files (a zip of {@code .npy}) for tests: little-endian float32,
 * float64, int32, int64 and bool arrays in C order.
 */
public final class TestNpz {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    /** One array: its shape, dtype descriptor and raw little-endian bytes. */
    public record Entry(int[] shape, String descr, byte[] data) {
        /** The values as float32 (float64 and integers converted; bool as 0/1). */
        public NdArray toNdArray() {
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            int n = Math.toIntExact(NdArray.elementCount(shape));
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                out[i] = switch (descr) {
                    case "<f4" -> b.getFloat();
                    case "<f8" -> (float) b.getDouble();
                    case "<i4" -> b.getInt();
                    case "<i8" -> b.getLong();
                    case "|b1" -> b.get() != 0 ? 1f : 0f;
                    default -> throw new IllegalStateException("unsupported dtype " + descr);
                };
            }
            return NdArray.of(out, shape);
        }

        /** The values of a bool array, flattened. */
        public boolean[] toBooleans() {
            if (!descr.equals("|b1")) {
                throw new IllegalStateException("not a bool array: " + descr);
            }
            boolean[] out = new boolean[data.length];
            for (int i = 0; i < data.length; i++) {
                out[i] = data[i] != 0;
            }
            return out;
        }
    }

    private TestNpz() {
    }

    /** Every array in the file, keyed by name without {@code .npy}, in file order. */
    public static Map<String, Entry> read(Path file) throws IOException {
        Map<String, Entry> out = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = e.getName();
                if (name.endsWith(".npy")) {
                    out.put(name.substring(0, name.length() - 4), parseNpy(readAll(zip)));
                }
            }
        }
        return out;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        in.transferTo(buf);
        return buf.toByteArray();
    }

    static Entry parseNpy(byte[] bytes) {
        if ((bytes[0] & 0xff) != 0x93 || bytes[1] != 'N') {
            throw new IllegalStateException("not an .npy array");
        }
        int major = bytes[6];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = b.getShort(8) & 0xffff;
            start = 10;
        } else {
            headerLen = b.getInt(8);
            start = 12;
        }
        String header = new String(bytes, start, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new IllegalStateException("unreadable .npy header: " + header);
        }
        if (f.group(1).equals("True")) {
            throw new IllegalStateException("Fortran-order arrays are not supported");
        }
        String dims = s.group(1).trim();
        int[] shape;
        if (dims.isEmpty()) {
            shape = new int[0];
        } else {
            String[] parts = dims.split(",");
            int count = 0;
            for (String p : parts) {
                if (!p.isBlank()) {
                    count++;
                }
            }
            shape = new int[count];
            int i = 0;
            for (String p : parts) {
                if (!p.isBlank()) {
                    shape[i++] = Integer.parseInt(p.trim());
                }
            }
        }
        int dataStart = start + headerLen;
        byte[] data = java.util.Arrays.copyOfRange(bytes, dataStart, bytes.length);
        return new Entry(shape, d.group(1), data);
    }
}
