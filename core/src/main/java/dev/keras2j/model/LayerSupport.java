package dev.keras2j.model;

/**
 * Which layer spec classes an exporter translates, read from the exporter's own registry. Exporter
 * modules provide one through {@link java.util.ServiceLoader} ({@code META-INF/services}), so that a
 * support table over every exporter on the classpath needs no list of exporters.
 */
public interface LayerSupport {
    /** The exporter's name as a column header, e.g. {@code DL4J} or {@code ONNX}. */
    String name();

    /**
     * Whether the exporter has a translation for layers of this spec class. A supported class may still
     * have options that the exporter refuses for a given layer.
     */
    boolean translates(Class<? extends LayerSpec> specClass);
}
