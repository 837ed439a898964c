package dev.keras2j.runtime.kernel;

/**
 * Whether the kernels may use the Vector API. Java 17 ships it as the incubator module
 * {@code jdk.incubator.vector}, which a JVM resolves only when started with
 * {@code --add-modules jdk.incubator.vector} (the {@code bin/keras2j} launcher does). Without it, or with
 * {@code -Dkeras2j.vector=false}, or where the CPU has no 8-lane float vectors, the plain-Java kernels run:
 * same results within float rounding, slower on large products.
 *
 * <p>This class names no Vector API type, so it loads on any JVM; {@link VectorGemm} is touched only after
 * the module was found.
 */
public final class VectorSupport {
    private static final boolean ENABLED = detect();

    private VectorSupport() {
    }

    /** Whether {@link Gemm} runs its large products on the Vector API in this JVM. */
    public static boolean enabled() {
        return ENABLED;
    }

    private static boolean detect() {
        if (!Boolean.parseBoolean(System.getProperty("keras2j.vector", "true"))) {
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return VectorGemm.nativeWidth();
        } catch (LinkageError e) {
            return false;
        }
    }
}
