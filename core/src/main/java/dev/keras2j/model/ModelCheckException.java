package dev.keras2j.model;

/** The model's weights or shapes contradict its architecture. */
public class ModelCheckException extends Keras2jException {
    public ModelCheckException(String message) {
        super(message);
    }
}
