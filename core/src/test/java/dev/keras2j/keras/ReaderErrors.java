package dev.keras2j.keras;

import dev.keras2j.model.Keras2jException;

import static org.assertj.core.api.Assertions.assertThat;

/** Captures the exception of a read that must fail, checking it is a one-line keras2j exception. */
final class ReaderErrors {
    private ReaderErrors() {
    }

    static Throwable failure(Runnable read) {
        try {
            read.run();
        } catch (Throwable t) {
            assertThat(t).isInstanceOf(Keras2jException.class);
            assertThat(t.getMessage()).doesNotContain("\n");
            return t;
        }
        throw new AssertionError("the read did not fail");
    }
}
