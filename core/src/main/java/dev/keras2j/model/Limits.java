package dev.keras2j.model;

import java.util.Locale;

/**
 * The resource limits keras2j checks untrusted files against before allocating anything: each one refuses a
 * file that would otherwise make keras2j allocate memory, disk or time out of proportion with what a real
 * Keras model needs. The defaults fit every real model seen so far; each can be raised with the system
 * property {@code keras2j.limit.<name>} (the CLI's {@code --limit <name>=<value>} sets it). See
 * {@code docs/security.md}.
 */
public enum Limits {
    /** Elements of one tensor: a weight array, or one example of a layer's output (2^28: 1 GiB of float32). */
    TENSOR_ELEMENTS("tensorElements", 1L << 28),
    /** Bytes of a JSON document: an architecture {@code .json}, {@code config.json}, a {@code model_config}. */
    JSON_BYTES("jsonBytes", 64L << 20),
    /** Nesting depth of a JSON document. */
    JSON_DEPTH("jsonDepth", 512),
    /** Bytes of one string attribute of an HDF5 file. */
    ATTRIBUTE_BYTES("attributeBytes", 64L << 20),
    /** Nesting depth of HDF5 groups walked below a layer's weights. */
    HDF5_DEPTH("hdf5Depth", 64),
    /** Entries of a zip archive ({@code .keras}, {@code .npz}). */
    ZIP_ENTRIES("zipEntries", 10_000),
    /** Uncompressed bytes of all entries of a zip archive together (8 GiB). */
    ZIP_TOTAL_BYTES("zipTotalBytes", 8L << 30),
    /**
     * Uncompressed-to-compressed ratio of a zip entry or of an HDF5 deflate chunk once it has inflated past
     * {@code 16 MiB}; real weights compress by less than 10:1, zeros by up to 1032:1.
     */
    COMPRESSION_RATIO("compressionRatio", 200);

    /** Entries smaller than this inflate without the ratio check (small zero-filled arrays compress well). */
    public static final long RATIO_GRACE_BYTES = 16L << 20;

    private final String key;
    private final long defaultValue;

    Limits(String key, long defaultValue) {
        this.key = key;
        this.defaultValue = defaultValue;
    }

    /** The limit's name, as in {@code keras2j.limit.<name>} and {@code --limit <name>=<value>}. */
    public String key() {
        return key;
    }

    /** The default value. */
    public long defaultValue() {
        return defaultValue;
    }

    /** The system property that sets it. */
    public String property() {
        return "keras2j.limit." + key;
    }

    /** The value in force: the system property when it is set to a positive number, else the default. */
    public long value() {
        String v = System.getProperty(property());
        if (v != null) {
            try {
                long parsed = Long.parseLong(v.trim().replace("_", ""));
                if (parsed > 0) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // An unusable setting leaves the default in force; set() reports it to CLI users.
            }
        }
        return defaultValue;
    }

    /** The value as an int, saturated at {@link Integer#MAX_VALUE}. */
    public int intValue() {
        return (int) Math.min(Integer.MAX_VALUE, value());
    }

    /** How a message tells the user to raise it. */
    public String hint() {
        return "the limit " + key + " is " + value() + "; raise it with --limit " + key + "=N (or -D" + property() + "=N)";
    }

    /**
     * Sets a limit from {@code name=value} text.
     *
     * @throws IllegalArgumentException when the name is unknown or the value is not a positive integer
     */
    public static void set(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("expected NAME=VALUE, got '" + assignment + "'");
        }
        String name = assignment.substring(0, eq).trim();
        String value = assignment.substring(eq + 1).trim().replace("_", "");
        for (Limits l : values()) {
            if (l.key.equalsIgnoreCase(name)) {
                long v;
                try {
                    v = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    v = -1;
                }
                if (v <= 0) {
                    throw new IllegalArgumentException("limit " + l.key + ": '" + value + "' is not a positive integer");
                }
                System.setProperty(l.property(), Long.toString(v));
                return;
            }
        }
        StringBuilder known = new StringBuilder();
        for (Limits l : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(l.key);
        }
        throw new IllegalArgumentException("unknown limit '" + name.toLowerCase(Locale.ROOT) + "' (known: " + known + ")");
    }
}
