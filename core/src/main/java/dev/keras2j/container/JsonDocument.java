package dev.keras2j.container;

import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.keras2j.model.ModelFormatException;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses JSON text into plain Java values: {@link Map} (insertion ordered), {@link List}, {@link String},
 * {@link Double} or {@link Long} for numbers, {@link Boolean} and {@code null}. Python's {@code NaN} and
 * {@code Infinity}, which Keras's JSON may contain, are accepted.
 */
public final class JsonDocument {
    private JsonDocument() {
    }

    /**
     * Parses {@code text}.
     *
     * @param source names the document in messages
     * @throws ModelFormatException with Gson's line and column when the text is not JSON
     */
    public static Object parse(String text, String source) {
        long maxBytes = dev.keras2j.model.Limits.JSON_BYTES.value();
        if (text.length() > maxBytes) {
            throw new ModelFormatException(source + ": refused: a JSON document of " + text.length()
                    + " characters; " + dev.keras2j.model.Limits.JSON_BYTES.hint());
        }
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.LENIENT);
            Object value = read(reader, 0, dev.keras2j.model.Limits.JSON_DEPTH.value());
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new ModelFormatException("malformed JSON: unexpected text after the document at " + location(reader));
            }
            return value;
        } catch (ModelFormatException e) {
            throw new ModelFormatException(source + ": " + e.getMessage(), e);
        } catch (StackOverflowError e) {
            throw new ModelFormatException(source + ": refused: JSON nested too deeply to read (stack overflow); "
                    + dev.keras2j.model.Limits.JSON_DEPTH.hint(), e);
        } catch (IOException | RuntimeException e) {
            throw new ModelFormatException(source + ": malformed JSON: " + Hdf5Container.describe(e), e);
        }
    }

    private static Object read(JsonReader r, int depth, long maxDepth) throws IOException {
        if (depth > maxDepth) {
            throw new ModelFormatException("refused: JSON nested deeper than " + maxDepth + " levels at " + location(r)
                    + "; " + dev.keras2j.model.Limits.JSON_DEPTH.hint());
        }
        JsonToken t = r.peek();
        switch (t) {
            case BEGIN_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                r.beginObject();
                while (r.hasNext()) {
                    String k = r.nextName();
                    m.put(k, read(r, depth + 1, maxDepth));
                }
                r.endObject();
                return m;
            }
            case BEGIN_ARRAY -> {
                List<Object> l = new ArrayList<>();
                r.beginArray();
                while (r.hasNext()) {
                    l.add(read(r, depth + 1, maxDepth));
                }
                r.endArray();
                return l;
            }
            case STRING -> {
                return r.nextString();
            }
            case NUMBER -> {
                String s = r.nextString();
                if (s.indexOf('.') < 0 && s.indexOf('e') < 0 && s.indexOf('E') < 0 && !s.contains("N") && !s.contains("I")) {
                    try {
                        return Long.parseLong(s);
                    } catch (NumberFormatException e) {
                        return Double.parseDouble(s);
                    }
                }
                return Double.parseDouble(s);
            }
            case BOOLEAN -> {
                return r.nextBoolean();
            }
            case NULL -> {
                r.nextNull();
                return null;
            }
            default -> throw new ModelFormatException("malformed JSON: unexpected " + t + " at " + location(r));
        }
    }

    private static String location(JsonReader r) {
        String s = r.toString();
        int at = s.indexOf(" at ");
        return at >= 0 ? s.substring(at + 4) : s;
    }
}
