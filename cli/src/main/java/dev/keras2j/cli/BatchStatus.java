package dev.keras2j.cli;

import java.util.Locale;

/** The outcome of one model in a batch. */
enum BatchStatus {
    /** Exported. */
    CONVERTED,
    /** Exported, and the export's outputs match the reference (or keras2j's runtime). */
    VALIDATED,
    /** Not exported: a layer or option has no exact equivalent in the target. */
    REFUSED,
    /** Exported but its outputs differ from the reference beyond the tolerance; the export is not written. */
    MISMATCH,
    /** The model could not be read, checked, exported or validated. */
    ERROR,
    /** The output is up to date (same input content and keras2j version); nothing was done. */
    SKIPPED;

    /** The name used in reports. */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when the model needs no attention. */
    boolean succeeded() {
        return this == CONVERTED || this == VALIDATED || this == SKIPPED;
    }
}
