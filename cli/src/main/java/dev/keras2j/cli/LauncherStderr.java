package dev.keras2j.cli;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The launcher's stderr filter (bin/keras2j-launch.sh execs the JVM with its stderr piped into a filter
 * process that drops the Vector API's incubator warning). The JVM is the process the caller waits for, so
 * without this the caller could see the exit before the filter has copied the last stderr lines (a shell
 * prompt printed above an error message, a script reading a stderr file too early). At exit, this JVM closes
 * its stderr, which ends the filter's input, and waits for the filter to finish.
 */
final class LauncherStderr {
    /** The system property by which the launcher names its filter's process id. */
    static final String PROPERTY = "keras2j.stderrFilter";
    /** Bounds the wait when whatever reads stderr does not read (the JVM would block on writing anyway). */
    private static final long WAIT_SECONDS = 10;

    private LauncherStderr() {
    }

    /**
     * Registers the shutdown hook that hands stderr over to the launcher's filter, when the launcher named one
     * and it is this process's child (an inherited property in another JVM names no child of it: nothing).
     */
    static void awaitFilterAtExit() {
        filter(System.getProperty(PROPERTY)).ifPresent(f -> Runtime.getRuntime().addShutdownHook(
                new Thread(() -> drainInto(f), "keras2j-stderr-filter")));
    }

    /** The live child process of this JVM with the process id {@code pid}, if there is one. */
    static Optional<ProcessHandle> filter(String pid) {
        if (pid == null || !pid.matches("[0-9]{1,18}")) {
            return Optional.empty();
        }
        long self = ProcessHandle.current().pid();
        return ProcessHandle.of(Long.parseLong(pid))
                .filter(p -> p.parent().map(ProcessHandle::pid).orElse(-1L) == self);
    }

    private static void drainInto(ProcessHandle filter) {
        System.err.flush();
        // Closing fd 2 points it at /dev/null (the JVM never leaves 0-2 closed): this JVM held the pipe's only
        // write end, so the filter reads the end of its input once it has copied the rest.
        System.err.close();
        try {
            filter.onExit().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Exiting regardless: stderr is already closed, and waiting was only for the lines' order.
        }
    }
}
