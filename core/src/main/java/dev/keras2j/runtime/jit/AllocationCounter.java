package dev.keras2j.runtime.jit;

/**
 * The heap a thread has allocated, where the JVM counts it ({@code com.sun.management}, module
 * {@code jdk.management}); elsewhere always 0, so that every round of a race counts as quiet.
 */
interface AllocationCounter {
    /** Bytes the thread that made this counter has allocated so far. */
    long bytes();

    /** A counter of the calling thread. */
    static AllocationCounter ofThisThread() {
        try {
            return ThreadAllocation.counter();
        } catch (LinkageError e) {
            return () -> 0;
        }
    }

    /** Names the {@code jdk.management} types, so that only {@link #ofThisThread} can fail to link them. */
    final class ThreadAllocation {
        private ThreadAllocation() {
        }

        static AllocationCounter counter() {
            if (java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                    && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
                return t::getCurrentThreadAllocatedBytes;
            }
            return () -> 0;
        }
    }
}
