package dev.keras2j.reference;

import dev.keras2j.model.Keras2jException;

/**
 * A reference file (.npy, .npz, DL4J HDF5, CSV sequences) is missing, malformed, truncated, inconsistent or of
 * a kind keras2j refuses to read (e.g. pickled object arrays). The message is one line naming the file.
 */
public class ReferenceFormatException extends Keras2jException {
    public ReferenceFormatException(String message) {
        super(message);
    }

    public ReferenceFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
