package dev.keras2j.model;

/**
 * One weight tensor of a layer, in Keras 3's layout (e.g. a Conv2D kernel is
 * {@code [kh, kw, in, out]}) under Keras 3's name ({@code kernel}, {@code bias}, {@code gamma}, ...).
 */
public record Weight(String name, NdArray value) {
}
