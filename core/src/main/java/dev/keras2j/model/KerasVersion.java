package dev.keras2j.model;

/** Reads the major version from a {@code keras_version} string such as {@code 2.2.4-tf}. */
public final class KerasVersion {
    private KerasVersion() {
    }

    /**
     * The major version, or 2 when the string is absent or unreadable: files without a version were
     * written by Keras 1 or 2, whose definitions agree wherever keras2j depends on the difference to 3.
     */
    public static int major(String version) {
        if (version == null || version.isBlank()) {
            return 2;
        }
        int end = 0;
        while (end < version.length() && Character.isDigit(version.charAt(end))) {
            end++;
        }
        if (end == 0) {
            return 2;
        }
        try {
            return Integer.parseInt(version.substring(0, end));
        } catch (NumberFormatException e) {
            return 2;
        }
    }
}
