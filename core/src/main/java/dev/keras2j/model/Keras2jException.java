package dev.keras2j.model;

/**
 * Base of every failure keras2j reports to a user. The message is one line that names the file, the
 * layer and the cause, so that it can be printed as it is.
 */
public class Keras2jException extends RuntimeException {
    /** A message longer than this is cut: it echoes file content, and one line must stay readable. */
    private static final int MAX_MESSAGE_CHARS = 4000;

    public Keras2jException(String message) {
        super(oneLine(message));
    }

    public Keras2jException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /**
     * The message as one printable line: control characters (newlines, raw bytes echoed from a file
     * header) become {@code \xNN} escapes, and an overly long message is cut.
     */
    public static String oneLine(String message) {
        if (message == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(Math.min(message.length(), MAX_MESSAGE_CHARS) + 16);
        for (int i = 0; i < message.length() && sb.length() < MAX_MESSAGE_CHARS; i++) {
            char c = message.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
                sb.append(c <= 0xff ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (sb.length() >= MAX_MESSAGE_CHARS && message.length() > MAX_MESSAGE_CHARS) {
            sb.append("...");
        }
        return sb.toString();
    }
}
