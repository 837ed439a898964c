package dev.keras2j.reference;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed header of a {@code .npy} array: dtype, memory order and shape, plus how many bytes the header
 * took. The header dict is a Python literal; it is parsed here by a small literal parser (never evaluated).
 */
record NpyHeader(NpyDtype dtype, boolean fortranOrder, int[] shape, long headerBytes) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy itself refuses headers above 10000 bytes by default; allow more but stay bounded. */
    private static final int MAX_HEADER_LENGTH = 1 << 20;

    /** Number of elements the shape declares (a 0-d array holds one). */
    long elementCount() {
        long n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, (long) d);
        }
        return n;
    }

    /**
     * Reads the magic, version and header dict from {@code in}, leaving the stream at the first data byte.
     *
     * @param source the file (or archive entry) name used in messages
     */
    static NpyHeader read(InputStream in, String source) throws IOException {
        byte[] prefix = readFully(in, 8, source, "magic and version");
        for (int i = 0; i < MAGIC.length; i++) {
            if (prefix[i] != MAGIC[i]) {
                throw new ReferenceFormatException(source + ": not a .npy array (no \\x93NUMPY magic)");
            }
        }
        int major = prefix[6] & 0xff;
        int minor = prefix[7] & 0xff;
        long headerLength;
        int lengthFieldSize;
        if (major == 1) {
            byte[] len = readFully(in, 2, source, "header length");
            headerLength = (len[0] & 0xff) | ((len[1] & 0xff) << 8);
            lengthFieldSize = 2;
        } else if (major == 2 || major == 3) {
            byte[] len = readFully(in, 4, source, "header length");
            headerLength = (len[0] & 0xffL) | ((len[1] & 0xffL) << 8) | ((len[2] & 0xffL) << 16)
                    | ((len[3] & 0xffL) << 24);
            lengthFieldSize = 4;
        } else {
            throw new ReferenceFormatException(
                    source + ": unsupported .npy format version " + major + "." + minor + " (1.0, 2.0 and 3.0 are read)");
        }
        if (headerLength > MAX_HEADER_LENGTH) {
            throw new ReferenceFormatException(
                    source + ": .npy header declares " + headerLength + " bytes, more than the " + MAX_HEADER_LENGTH + " allowed");
        }
        byte[] headerBytes = readFully(in, (int) headerLength, source, "header");
        // Versions 1 and 2 store the dict in latin-1, version 3 in UTF-8.
        String text = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Object parsed;
        try {
            parsed = new LiteralParser(text).parseTop();
        } catch (IllegalArgumentException e) {
            throw new ReferenceFormatException(source + ": malformed .npy header (" + e.getMessage() + ")");
        }
        if (!(parsed instanceof Map<?, ?> dict)) {
            throw new ReferenceFormatException(source + ": .npy header is not a dict");
        }
        Object descr = dict.get("descr");
        Object fortran = dict.get("fortran_order");
        Object shapeValue = dict.get("shape");
        if (descr == null || fortran == null || shapeValue == null) {
            throw new ReferenceFormatException(source + ": .npy header lacks one of descr, fortran_order, shape: " + text.strip());
        }
        if (!(descr instanceof String descrString)) {
            throw new ReferenceFormatException(source + ": structured dtype " + descr + " is not supported (plain numeric arrays only)");
        }
        NpyDtype dtype = NpyDtype.parse(descrString, source);
        if (!(fortran instanceof Boolean fortranOrder)) {
            throw new ReferenceFormatException(source + ": fortran_order is not True or False in the .npy header");
        }
        if (!(shapeValue instanceof List<?> dims)) {
            throw new ReferenceFormatException(source + ": shape is not a tuple in the .npy header");
        }
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                throw new ReferenceFormatException(source + ": invalid dimension " + dims.get(i) + " in shape " + dims);
            }
            shape[i] = (int) (long) d;
        }
        return new NpyHeader(dtype, fortranOrder, shape, 6 + 2 + lengthFieldSize + headerLength);
    }

    private static byte[] readFully(InputStream in, int n, String source, String what) throws IOException {
        byte[] buffer = in.readNBytes(n);
        if (buffer.length != n) {
            throw new ReferenceFormatException(source + ": truncated .npy file (ends inside the " + what + ")");
        }
        return buffer;
    }

    @Override
    public String toString() {
        return "NpyHeader[" + dtype + ", fortran=" + fortranOrder + ", shape=" + Arrays.toString(shape) + "]";
    }

    /** Parses the subset of Python literals numpy writes: dicts, tuples, lists, strings, ints, True/False/None. */
    private static final class LiteralParser {
        private final String s;
        private int pos;

        LiteralParser(String s) {
            this.s = s;
        }

        Object parseTop() {
            Object value = parseValue();
            skipSpace();
            if (pos != s.length()) {
                throw new IllegalArgumentException("unexpected '" + s.charAt(pos) + "' at offset " + pos);
            }
            return value;
        }

        private Object parseValue() {
            skipSpace();
            if (pos >= s.length()) {
                throw new IllegalArgumentException("unexpected end");
            }
            char c = s.charAt(pos);
            if (c == '{') {
                pos++;
                Map<String, Object> map = new LinkedHashMap<>();
                while (true) {
                    skipSpace();
                    if (peek('}')) {
                        pos++;
                        return map;
                    }
                    Object key = parseValue();
                    if (!(key instanceof String k)) {
                        throw new IllegalArgumentException("dict key " + key + " is not a string");
                    }
                    skipSpace();
                    expect(':');
                    map.put(k, parseValue());
                    skipSpace();
                    if (peek(',')) {
                        pos++;
                    } else if (!peek('}')) {
                        throw new IllegalArgumentException("expected ',' or '}' at offset " + pos);
                    }
                }
            }
            if (c == '(' || c == '[') {
                char close = c == '(' ? ')' : ']';
                pos++;
                List<Object> items = new ArrayList<>();
                while (true) {
                    skipSpace();
                    if (peek(close)) {
                        pos++;
                        return items;
                    }
                    items.add(parseValue());
                    skipSpace();
                    if (peek(',')) {
                        pos++;
                    } else if (!peek(close)) {
                        throw new IllegalArgumentException("expected ',' or '" + close + "' at offset " + pos);
                    }
                }
            }
            if (c == '\'' || c == '"') {
                int end = s.indexOf(c, pos + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated string");
                }
                String value = s.substring(pos + 1, end);
                pos = end + 1;
                return value;
            }
            if (Character.isDigit(c) || c == '-') {
                int start = pos++;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
                String digits = s.substring(start, pos);
                // Python 2 wrote long dimensions with an L suffix.
                if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) {
                    pos++;
                }
                try {
                    return Long.parseLong(digits);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("integer " + digits + " out of range");
                }
            }
            if (Character.isLetter(c)) {
                int start = pos;
                while (pos < s.length() && Character.isLetterOrDigit(s.charAt(pos))) {
                    pos++;
                }
                String word = s.substring(start, pos);
                return switch (word) {
                    case "True" -> Boolean.TRUE;
                    case "False" -> Boolean.FALSE;
                    case "None" -> NONE;
                    default -> throw new IllegalArgumentException("unexpected name " + word);
                };
            }
            throw new IllegalArgumentException("unexpected '" + c + "' at offset " + pos);
        }

        private static final Object NONE = new Object() {
            @Override
            public String toString() {
                return "None";
            }
        };

        private boolean peek(char c) {
            return pos < s.length() && s.charAt(pos) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw new IllegalArgumentException("expected '" + c + "' at offset " + pos);
            }
            pos++;
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }
    }
}
