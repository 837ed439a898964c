package dev.keras2j.spark;

/**
 * A row that cannot be scored (null, wrong length, a null element, a token id a float cannot hold) while
 * the transformer fails fast. The message names the partition, the row and the column.
 */
public final class BadRowException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    BadRowException(String message) {
        super(message);
    }
}
