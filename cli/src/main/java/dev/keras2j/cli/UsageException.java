package dev.keras2j.cli;

/** A command line whose options contradict each other or the files named; exit code 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
