package dev.keras2j.model;

/**
 * A model input: its name, the shape of one example and its dtype as Keras declared it
 * ({@code float32}, or {@code int32} for token ids).
 */
public record InputSpec(String name, Shape shape, String dtype) {
}
