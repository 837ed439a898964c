package dev.keras2j.peer.dl4j;

import dev.keras2j.model.NdArray;

/**
 * What DL4J's own Keras importer made of a model: its prediction in Keras's layout, or the one-line
 * reason it failed.
 *
 * @param output the prediction, or {@code null} when DL4J failed
 * @param error  DL4J's error on one line, or {@code null} when it succeeded
 */
public record Dl4jPeerResult(NdArray output, String error) {
    /** True when DL4J imported and ran the model. */
    public boolean ok() {
        return output != null;
    }

    static Dl4jPeerResult success(NdArray output) {
        return new Dl4jPeerResult(output, null);
    }

    static Dl4jPeerResult failure(String error) {
        return new Dl4jPeerResult(null, error);
    }
}
