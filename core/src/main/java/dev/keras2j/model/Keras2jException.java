package dev.keras2j.model;

/**
 * Base of every failure keras2j reports to a user. The message is one line that names the file, the
 * layer and the cause, so that it can be printed as it is.
 */
public class Keras2jException extends RuntimeException {
    public Keras2jException(String message) {
        super(message);
    }

    public Keras2jException(String message, Throwable cause) {
        super(message, cause);
    }
}
