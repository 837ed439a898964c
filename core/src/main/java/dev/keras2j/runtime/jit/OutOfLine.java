package dev.keras2j.runtime.jit;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * A static method {@code (float[] data, int from, int to)} called so that HotSpot's C2 compiler never inlines
 * it into its caller, for the Vector API loops that must be compiled on their own.
 *
 * <p>A Vector API loop inlined into a caller that is already large exhausts C2's node budget
 * ({@code NodeCountInliningCutoff}), and the vector operations it can then no longer expand run as the
 * library's Java fallbacks, which allocate per operation. C2 inlines a method handle call only when the
 * handle is a constant, so a handle kept in a field that is not final is called, never inlined.
 */
public final class OutOfLine {
    private static final MethodType SIGNATURE = MethodType.methodType(void.class, float[].class, int.class, int.class);

    /**
     * Not final on purpose: HotSpot does not yet trust final instance fields of ordinary classes as constants,
     * but an option does ({@code -XX:+TrustFinalNonStaticFields}), and a constant handle would be inlined.
     */
    private MethodHandle target;

    /**
     * The static method {@code name(float[], int, int)} of {@code owner}, found through {@code lookup}
     * ({@code MethodHandles.lookup()} in the owner's package, which may keep it package-private).
     */
    public OutOfLine(MethodHandles.Lookup lookup, Class<?> owner, String name) {
        try {
            target = lookup.findStatic(owner, name, SIGNATURE);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no static void " + name + "(float[], int, int) in " + owner, e);
        }
    }

    /** Calls the method on {@code data[from, to)}. */
    public void run(float[] data, int from, int to) {
        try {
            target.invokeExact(data, from, to);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
