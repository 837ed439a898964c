package dev.keras2j.keras;

import dev.keras2j.model.ModelFormatException;
import dev.keras2j.model.Shape;

import java.util.List;
import java.util.Map;

/**
 * Typed access to parsed Keras JSON that turns a wrong type into a one-line {@link ModelFormatException}.
 *
 * <p>Where the value sits ({@code what}) is given in parts, joined only for a message: a load calls these for
 * every layer, mostly before the JIT compiler has compiled them, and joining strings it would throw away was a
 * measurable part of loading a small model.
 */
final class KerasJson {
    private KerasJson() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    static Map<String, Object> map(Object o, Object... what) {
        if (o instanceof Map<?, ?> m) {
            return asMap(m);
        }
        throw new ModelFormatException(where(what) + ": malformed model config: expected an object, found " + brief(o));
    }

    static Map<String, Object> mapOrEmpty(Object o, Object... what) {
        return o == null ? Map.of() : map(o, what);
    }

    static List<Object> list(Object o, Object... what) {
        if (o instanceof List<?> l) {
            @SuppressWarnings("unchecked")
            List<Object> out = (List<Object>) l;
            return out;
        }
        throw new ModelFormatException(where(what) + ": malformed model config: expected a list, found " + brief(o));
    }

    static String string(Map<String, Object> m, String key, Object... what) {
        Object v = m.get(key);
        if (v instanceof String s) {
            return s;
        }
        throw new ModelFormatException(where(what) + ": malformed model config: '" + key + "' should be a string, found " + brief(v));
    }

    static int integer(Object v, Object... what) {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw new ModelFormatException(where(what) + ": malformed model config: expected an integer, found " + brief(v));
    }

    /** A shape list whose first entry is the batch axis, e.g. {@code [null, 28, 28, 1]}. */
    static Shape batchShape(Object v, Object... what) {
        List<Object> l = list(v, what);
        if (l.isEmpty()) {
            throw new ModelFormatException(where(what) + ": malformed model config: an empty batch shape");
        }
        return shape(l.subList(1, l.size()), what);
    }

    /** A shape list without the batch axis. */
    static Shape shape(List<Object> dims, Object... what) {
        int[] out = new int[dims.size()];
        for (int i = 0; i < out.length; i++) {
            Object d = dims.get(i);
            out[i] = d == null ? Shape.UNKNOWN : integer(d, what);
            if (out[i] < Shape.UNKNOWN) {
                throw new ModelFormatException(where(what) + ": malformed model config: negative dimension in " + dims);
            }
        }
        return Shape.of(out);
    }

    /** The parts joined; a part that is not a string is a JSON value, shown {@linkplain #brief briefly}. */
    private static String where(Object[] what) {
        StringBuilder b = new StringBuilder();
        for (Object part : what) {
            b.append(part instanceof String s ? s : brief(part));
        }
        return b.toString();
    }

    static String brief(Object o) {
        String s = String.valueOf(o);
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
