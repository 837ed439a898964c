package dev.keras2j.export.dl4j;

import dev.keras2j.model.NdArray;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Locates the Keras fixtures and reads their {@code .npz} references with a minimal {@code .npy} parser
 * (little-endian float32/float64/int32/int64, C order), independent of keras2j's own readers.
 */
public final class Fixtures {
    private Fixtures() {
    }

    /** {@code fixtures/models/<name>} under the repository root ({@code keras2j.root}), else under /work/main. */
    public static Path caseDir(String name) {
        String root = System.getProperty("keras2j.root", ".");
        Path dir = Path.of(root, "fixtures", "models", name);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        return Path.of("/work/main/fixtures/models", name);
    }

    public static boolean exists(String name) {
        return Files.isRegularFile(caseDir(name).resolve(name + ".npz"));
    }

    /** The arrays of {@code <case>.npz}, by key ({@code input}, {@code output}, {@code layer/<name>}). */
    public static Map<String, NdArray> npz(String name) throws IOException {
        Map<String, NdArray> out = new HashMap<>();
        try (ZipFile z = new ZipFile(caseDir(name).resolve(name + ".npz").toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                try (InputStream in = z.getInputStream(e)) {
                    String key = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4)
                            : e.getName();
                    out.put(key, npy(in.readAllBytes()));
                }
            }
        }
        return out;
    }

    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    static NdArray npy(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int major = bytes[6];
        int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
        int offset = major == 1 ? 10 : 12;
        String header = new String(bytes, offset, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher o = ORDER.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !o.find() || !s.find() || o.group(1).equals("True")) {
            throw new IOException("unsupported npy header " + header);
        }
        String[] parts = s.group(1).split(",");
        int[] shape = java.util.Arrays.stream(parts).map(String::trim).filter(p -> !p.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        int n = Math.toIntExact(NdArray.elementCount(shape));
        float[] data = new float[n];
        b.position(offset + headerLen);
        switch (d.group(1)) {
            case "<f4" -> b.asFloatBuffer().get(data);
            case "<f8" -> { for (int i = 0; i < n; i++) data[i] = (float) b.getDouble(); }
            case "<i4" -> { for (int i = 0; i < n; i++) data[i] = b.getInt(); }
            case "<i8" -> { for (int i = 0; i < n; i++) data[i] = b.getLong(); }
            case "|b1" -> { for (int i = 0; i < n; i++) data[i] = b.get(); }
            default -> throw new IOException("unsupported npy dtype " + d.group(1));
        }
        return NdArray.of(data, shape);
    }

    /** Asserts {@code |a - e| <= 1e-5 + 1e-4 |e|} element-wise and equal shapes; returns the worst excess. */
    public static String compare(NdArray actual, NdArray expected) {
        if (!java.util.Arrays.equals(actual.shape(), expected.shape())) {
            return "shape " + actual.shapeString() + " but Keras gives " + expected.shapeString();
        }
        float[] a = actual.data();
        float[] e = expected.data();
        for (int i = 0; i < a.length; i++) {
            double tol = 1e-5 + 1e-4 * Math.abs(e[i]);
            if (!(Math.abs(a[i] - e[i]) <= tol)) {
                return "element " + i + ": " + a[i] + " but Keras gives " + e[i];
            }
        }
        return null;
    }
}
