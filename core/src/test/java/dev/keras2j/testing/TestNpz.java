package dev.keras2j.testing;

import dev.keras2j.model.NdArray;

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
 * A minimal test-only reader of numpy {@code .npz} archives (C-order little-endian float32/float64,
 * int32/int64 and bool arrays, all returned as float32). The product's reference reader lives in
 * {@code dev.keras2j.reference}; this one only lets the layer tests read Keras outputs.
 */
public final class TestNpz {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private TestNpz() {
    }

    /** Every array of the archive by key (entry name without {@code .npy}). */
    public static Map<String, NdArray> read(Path npz) throws IOException {
        Map<String, NdArray> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(npz); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = e.getName();
                if (name.endsWith(".npy")) {
                    out.put(name.substring(0, name.length() - 4), parseNpy(zip.readAllBytes(), name));
                }
            }
        }
        return out;
    }

    static NdArray parseNpy(byte[] bytes, String name) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || bytes[0] != (byte) 0x93 || bytes[1] != 'N') {
            throw new IllegalArgumentException(name + ": not an .npy array");
        }
        int major = bytes[6];
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = buf.getShort(8) & 0xffff;
            start = 10;
        } else {
            headerLen = buf.getInt(8);
            start = 12;
        }
        String header = new String(bytes, start, headerLen, StandardCharsets.ISO_8859_1);
        String descr = find(DESCR, header, name);
        if (find(ORDER, header, name).equals("True")) {
            throw new IllegalArgumentException(name + ": Fortran-order arrays are not supported");
        }
        String[] dims = find(SHAPE, header, name).split(",");
        int count = 0;
        for (String d : dims) {
            if (!d.isBlank()) {
                count++;
            }
        }
        int[] shape = new int[count];
        int i = 0;
        for (String d : dims) {
            if (!d.isBlank()) {
                shape[i++] = Integer.parseInt(d.trim());
            }
        }
        int n = (int) NdArray.elementCount(shape);
        float[] data = new float[n];
        buf.position(start + headerLen);
        switch (descr) {
            case "<f4" -> buf.asFloatBuffer().get(data);
            case "<f8" -> {
                for (int k = 0; k < n; k++) {
                    data[k] = (float) buf.getDouble();
                }
            }
            case "<i4" -> {
                for (int k = 0; k < n; k++) {
                    data[k] = buf.getInt();
                }
            }
            case "<i8" -> {
                for (int k = 0; k < n; k++) {
                    data[k] = buf.getLong();
                }
            }
            case "|b1" -> {
                for (int k = 0; k < n; k++) {
                    data[k] = buf.get() != 0 ? 1f : 0f;
                }
            }
            default -> throw new IllegalArgumentException(name + ": dtype " + descr + " is not supported");
        }
        return NdArray.of(data, shape);
    }

    private static String find(Pattern p, String header, String name) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException(name + ": malformed .npy header " + header);
        }
        return m.group(1);
    }
}
