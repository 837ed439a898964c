package dev.keras2j.model.layer;

/** What a pooling window computes. */
public enum PoolMode {
    /** The largest element; padded positions never win. */
    MAX,
    /** The mean of the window's real (unpadded) elements. */
    AVERAGE
}
