package dev.keras2j.runtime.layer;

import dev.keras2j.model.NdArray;

import java.io.IOException;
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
 * A minimal test-only reader of NumPy {@code .npz} files (a zip of {@code .npy}): little-endian float32,
 * float64, int32, int64 and bool arrays in C order, all returned as float32.
 */
final class TestNpz {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private TestNpz() {
    }

    static Map<String, NdArray> read(Path file) throws IOException {
        Map<String, NdArray> out = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                String name = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
                out.put(name, npy(zip.readAllBytes(), name));
            }
        }
        return out;
    }

    private static NdArray npy(byte[] bytes, String name) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes[0] != (byte) 0x93 || !new String(bytes, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new IllegalArgumentException(name + " is not an .npy array");
        }
        int major = bytes[6];
        int headerLen = major == 1 ? Short.toUnsignedInt(buf.getShort(8)) : buf.getInt(8);
        int start = (major == 1 ? 10 : 12);
        String header = new String(bytes, start, headerLen, StandardCharsets.US_ASCII);
        Matcher d = DESCR.matcher(header);
        Matcher o = ORDER.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !o.find() || !s.find() || o.group(1).equals("True")) {
            throw new IllegalArgumentException(name + ": unsupported header " + header);
        }
        String dims = s.group(1).trim();
        int[] shape = dims.isEmpty() ? new int[0]
                : java.util.Arrays.stream(dims.split(",")).map(String::trim).filter(t -> !t.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        int n = (int) NdArray.elementCount(shape);
        float[] data = new float[n];
        buf.position(start + headerLen);
        String descr = d.group(1);
        for (int i = 0; i < n; i++) {
            data[i] = switch (descr) {
                case "<f4" -> buf.getFloat();
                case "<f8" -> (float) buf.getDouble();
                case "<i4" -> buf.getInt();
                case "<i8" -> buf.getLong();
                case "|b1" -> buf.get() != 0 ? 1f : 0f;
                default -> throw new IllegalArgumentException(name + ": unsupported dtype " + descr);
            };
        }
        return NdArray.of(data, shape);
    }

}
