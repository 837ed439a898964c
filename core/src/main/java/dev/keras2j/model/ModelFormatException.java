package dev.keras2j.model;

/** The file is missing, is not a Keras model, or is truncated or corrupt. */
public class ModelFormatException extends Keras2jException {
    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
