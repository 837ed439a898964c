package dev.keras2j.runtime.kernel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * A static method {@code (float[] data, int from, int to)} called so that HotSpot's C2 compiler never inlines
 * it into its caller, for the Vector API loops that must be compiled on their own.
 *
 * <p>C2 inlines small hot methods into their callers. A Vector API loop inlined into a caller that is already
 * large (an LSTM step with its matrix product and its three gate loops) exhausts the compiler's node budget
 * ({@code NodeCountInliningCutoff}), and the vector operations it can then no longer expand run as the
 * library's Java fallbacks, which allocate a boxed vector per operation (the benchmark's 2-layer LSTM
 * allocated 73 MB per batch of 32 before, 12 MB, its layers' values, after; see docs/benchmarks.md). C2
 * inlines a method handle call only when the handle is a constant, so a handle kept in a field that is not
 * final is called, never inlined, whatever the caller.
 */
final class OutOfLine {
    private static final MethodType SIGNATURE = MethodType.methodType(void.class, float[].class, int.class, int.class);

    /**
     * Not final on purpose: HotSpot does not yet trust final instance fields of ordinary classes as constants,
     * but an option does ({@code -XX:+TrustFinalNonStaticFields}), and a constant handle would be inlined.
     */
    private MethodHandle target;

    /** The static method {@code name(float[], int, int)} of {@code owner}, which this class's package can see. */
    OutOfLine(Class<?> owner, String name) {
        try {
            target = MethodHandles.lookup().findStatic(owner, name, SIGNATURE);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no static void " + name + "(float[], int, int) in " + owner, e);
        }
    }

    /** Calls the method on {@code data[from, to)}. */
    void run(float[] data, int from, int to) {
        try {
            target.invokeExact(data, from, to);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
