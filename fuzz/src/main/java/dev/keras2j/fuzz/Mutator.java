package dev.keras2j.fuzz;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Deterministic mutations of a seed file: byte-level (bit flips, interesting integers written over size and
 * address fields, cut, spliced and truncated runs), and structure-aware for zip archives (an entry is mutated
 * and the archive rewritten, or a decompression bomb or many entries added) and JSON (numbers replaced by
 * out-of-range values, strings by others, values emptied, nesting deepened). The same seed and random
 * generator always give the same bytes.
 */
final class Mutator {
    private static final long[] INTERESTING = {0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000,
        0x7fffffffL, 0x80000000L, 0xffffffffL, 0x100000000L, 1L << 40, Long.MAX_VALUE, -1, -2};
    private static final String[] JSON_NUMBERS = {"0", "-1", "1", "2147483647", "2147483648", "-2147483648",
        "4294967296", "1000000000000000", "1e308", "-1e308", "NaN", "Infinity", "0.5", "100000", "65536", "3"};
    private static final String[] JSON_STRINGS = {"\"\"", "\"Lambda\"", "\"same\"", "\"valid\"", "\"causal\"",
        "\"channels_first\"", "\"linear\"", "\"float16\"", "\"os\"", "\"eval\"", "null", "[]", "{}", "true",
        "\"Functional\"", "\"Sequential\"", "\"InputLayer\"", "\"Dense\"", "\"Conv2DTranspose\"", "\"Reshape\""};
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.\"])-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final Pattern STRING = Pattern.compile("\"[^\"\\\\]{0,40}\"");

    private Mutator() {
    }

    static byte[] mutate(byte[] seed, Target.Kind kind, Random r) {
        return switch (kind) {
            case BINARY -> binary(seed, r);
            case JSON -> r.nextInt(4) == 0 ? binary(seed, r) : json(seed, r);
            case ZIP -> r.nextInt(5) == 0 ? binary(seed, r) : zip(seed, r);
        };
    }

    /** One to four byte-level operations. */
    static byte[] binary(byte[] seed, Random r) {
        byte[] b = seed.clone();
        int ops = 1 + r.nextInt(4);
        for (int i = 0; i < ops && b.length > 0; i++) {
            switch (r.nextInt(8)) {
                case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[r.nextInt(b.length)] = (byte) INTERESTING[r.nextInt(6)];
                case 2, 3 -> b = writeInteger(b, r);
                case 4 -> b = cut(b, r);
                case 5 -> b = splice(b, r);
                case 6 -> b = Arrays.copyOf(b, r.nextInt(b.length));
                default -> {
                    int at = r.nextInt(b.length);
                    int n = Math.min(b.length - at, 1 + r.nextInt(16));
                    for (int k = 0; k < n; k++) {
                        b[at + k] = (byte) r.nextInt(256);
                    }
                }
            }
        }
        return b;
    }

    /** An interesting value written little-endian over 2, 4 or 8 bytes, often at an 8-aligned offset (HDF5 sizes). */
    private static byte[] writeInteger(byte[] b, Random r) {
        int width = new int[] {2, 4, 8}[r.nextInt(3)];
        if (b.length < width) {
            return b;
        }
        int at = r.nextInt(b.length - width + 1);
        if (r.nextBoolean()) {
            at -= at % width;
        }
        long v = INTERESTING[r.nextInt(INTERESTING.length)];
        if (r.nextInt(4) == 0) {
            v = b.length + r.nextInt(64) - 32;
        }
        for (int k = 0; k < width; k++) {
            b[at + k] = (byte) (v >>> (8 * k));
        }
        return b;
    }

    private static byte[] cut(byte[] b, Random r) {
        int at = r.nextInt(b.length);
        int n = Math.min(b.length - at, 1 + r.nextInt(Math.max(1, b.length / 8)));
        byte[] out = new byte[b.length - n];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + n, out, at, b.length - at - n);
        return out;
    }

    /** A run of the file copied over another place in it (duplicated headers, self-referencing structures). */
    private static byte[] splice(byte[] b, Random r) {
        int from = r.nextInt(b.length);
        int to = r.nextInt(b.length);
        int n = Math.min(Math.min(b.length - from, b.length - to), 1 + r.nextInt(256));
        System.arraycopy(b.clone(), from, b, to, n);
        return b;
    }

    /** One to three JSON-aware operations on the text. */
    static byte[] json(byte[] seed, Random r) {
        String s = new String(seed, StandardCharsets.UTF_8);
        int ops = 1 + r.nextInt(3);
        for (int i = 0; i < ops; i++) {
            switch (r.nextInt(6)) {
                case 0, 1 -> s = replaceOne(s, NUMBER, JSON_NUMBERS[r.nextInt(JSON_NUMBERS.length)], r);
                case 2 -> s = replaceOne(s, STRING, JSON_STRINGS[r.nextInt(JSON_STRINGS.length)], r);
                case 3 -> s = emptyOne(s, r);
                case 4 -> s = nest(s, r);
                default -> {
                    List<int[]> all = matches(s, STRING);
                    if (all.size() >= 2) {
                        int[] a = all.get(r.nextInt(all.size()));
                        int[] c = all.get(r.nextInt(all.size()));
                        s = replaceAt(s, a, s.substring(c[0], c[1]));
                    }
                }
            }
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String replaceOne(String s, Pattern p, String with, Random r) {
        List<int[]> all = matches(s, p);
        return all.isEmpty() ? s : replaceAt(s, all.get(r.nextInt(all.size())), with);
    }

    private static String emptyOne(String s, Random r) {
        List<Integer> opens = new ArrayList<>();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '[' || s.charAt(i) == '{') {
                opens.add(i);
            }
        }
        if (opens.isEmpty()) {
            return s;
        }
        int at = opens.get(r.nextInt(opens.size()));
        int end = closing(s, at);
        return end < 0 ? s : s.substring(0, at + 1) + s.substring(end);
    }

    private static String nest(String s, Random r) {
        List<int[]> all = matches(s, NUMBER);
        if (all.isEmpty()) {
            return s;
        }
        int[] m = all.get(r.nextInt(all.size()));
        int depth = 1 + r.nextInt(r.nextInt(10) == 0 ? 5000 : 20);
        String v = s.substring(m[0], m[1]);
        return s.substring(0, m[0]) + "[".repeat(depth) + v + "]".repeat(depth) + s.substring(m[1]);
    }

    private static int closing(String s, int open) {
        int depth = 0;
        boolean inString = false;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                if (--depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static List<int[]> matches(String s, Pattern p) {
        List<int[]> out = new ArrayList<>();
        Matcher m = p.matcher(s);
        while (m.find()) {
            out.add(new int[] {m.start(), m.end()});
        }
        return out;
    }

    private static String replaceAt(String s, int[] range, String with) {
        return s.substring(0, range[0]) + with + s.substring(range[1]);
    }

    /** An entry of the archive mutated (JSON-aware for .json entries), or a hostile entry added, then rezipped. */
    static byte[] zip(byte[] seed, Random r) {
        List<String> names = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(seed))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
                data.add(in.readAllBytes());
            }
        } catch (IOException | RuntimeException e) {
            return binary(seed, r);
        }
        if (names.isEmpty()) {
            return binary(seed, r);
        }
        int pick = r.nextInt(names.size());
        int op = r.nextInt(12);
        if (op == 0) {
            // A highly compressible entry: zeros inflate far beyond what deflate stores.
            names.add(r.nextBoolean() ? names.get(pick) + "x" : names.get(pick));
            data.add(new byte[(1 + r.nextInt(32)) << 20]);
        } else if (op == 1) {
            for (int i = 0; i < 50; i++) {
                names.add("extra/" + i + ".npy");
                data.add(new byte[0]);
            }
        } else if (op == 2) {
            names.remove(pick);
            data.remove(pick);
        } else {
            byte[] d = data.get(pick);
            data.set(pick, names.get(pick).endsWith(".json") ? json(d, r) : binary(d, r));
        }
        boolean stored = r.nextBoolean();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < names.size(); i++) {
                if (!seen.add(names.get(i))) {
                    continue;
                }
                ZipEntry e = new ZipEntry(names.get(i));
                byte[] d = data.get(i);
                if (stored) {
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(d.length);
                    e.setCompressedSize(d.length);
                    CRC32 crc = new CRC32();
                    crc.update(d);
                    e.setCrc(crc.getValue());
                }
                z.putNextEntry(e);
                z.write(d);
                z.closeEntry();
            }
        } catch (IOException e) {
            return binary(seed, r);
        }
        byte[] zipped = out.toByteArray();
        // Sometimes the central directory itself is damaged too.
        return r.nextInt(6) == 0 ? binary(zipped, r) : zipped;
    }
}
