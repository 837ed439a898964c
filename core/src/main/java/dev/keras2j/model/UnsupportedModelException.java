package dev.keras2j.model;

/**
 * The model is valid Keras but keras2j refuses it: an unknown layer, an option that cannot be reproduced
 * exactly, or code (a {@code Lambda} layer) that keras2j will never execute.
 */
public class UnsupportedModelException extends Keras2jException {
    public UnsupportedModelException(String message) {
        super(message);
    }
}
