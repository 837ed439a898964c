package dev.keras2j.model;

/** The serialization a model was read from. */
public enum ModelFormat {
    /** Legacy HDF5 full model ({@code model.save("m.h5")}). */
    H5("h5"),
    /** Keras 3 zip archive ({@code model.save("m.keras")}). */
    KERAS("keras"),
    /** Architecture JSON ({@code model.to_json()}) with a separate weights file. */
    JSON("json");

    private final String id;

    ModelFormat(String id) {
        this.id = id;
    }

    /** The identifier used in reports: {@code h5}, {@code keras} or {@code json}. */
    public String id() {
        return id;
    }
}
