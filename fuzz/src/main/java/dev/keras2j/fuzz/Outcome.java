package dev.keras2j.fuzz;

import dev.keras2j.model.Keras2jException;

/**
 * How one input ended. {@link #ACCEPTED} and {@link #REFUSED} (keras2j's own exception with a one-line message
 * naming the file) are the allowed endings; every other one is a finding.
 */
enum Outcome {
    ACCEPTED(false),
    REFUSED(false),
    /** keras2j's exception, but a message of several lines or one that does not name the file. */
    BAD_MESSAGE(true),
    /** Any other exception escaped (an "internal error" for a CLI user). */
    OTHER_EXCEPTION(true),
    OUT_OF_MEMORY(true),
    STACK_OVERFLOW(true),
    /** Any other {@link Error}. */
    ERROR(true),
    /** The input ran past the per-input time bound. */
    TIMEOUT(true);

    private final boolean finding;

    Outcome(boolean finding) {
        this.finding = finding;
    }

    boolean finding() {
        return finding;
    }

    /** Classifies what a reader threw ({@code null}: it returned), for an input written under {@code fileName}. */
    static Outcome of(Throwable t, String... fileNames) {
        if (t == null) {
            return ACCEPTED;
        }
        if (t instanceof Keras2jException) {
            String m = t.getMessage();
            if (m == null || m.indexOf('\n') >= 0 || m.indexOf('\r') >= 0) {
                return BAD_MESSAGE;
            }
            for (String f : fileNames) {
                if (f != null && m.contains(f)) {
                    return REFUSED;
                }
            }
            return BAD_MESSAGE;
        }
        if (t instanceof OutOfMemoryError) {
            return OUT_OF_MEMORY;
        }
        if (t instanceof StackOverflowError) {
            return STACK_OVERFLOW;
        }
        if (t instanceof Error) {
            return ERROR;
        }
        return OTHER_EXCEPTION;
    }
}
