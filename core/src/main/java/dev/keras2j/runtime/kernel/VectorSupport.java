package dev.keras2j.runtime.kernel;

import dev.keras2j.runtime.jit.CpuFeatures;
import dev.keras2j.runtime.jit.Readiness;
import dev.keras2j.runtime.jit.WarmUpRace;

/**
 * Whether the kernels take their Vector API path. Both paths give bit-identical results, so the answer
 * changes only the speed. The path exists when {@link CpuFeatures#vectorBits()} says so; it is taken once
 * {@link WarmUpRace} has seen it compiled ({@link KernelWarmUp} is what the race runs).
 *
 * <p>This class names no Vector API type, so it loads on any JVM; the vector kernels are touched only when
 * the path exists.
 */
public final class VectorSupport {
    private static final int BITS = CpuFeatures.vectorBits();
    private static final Readiness STATE = BITS == 0 ? Readiness.NEVER : WarmUpRace.start(KernelWarmUp::new);

    private VectorSupport() {
    }

    /** Whether this JVM can run the Vector API path at all. */
    public static boolean available() {
        return BITS != 0;
    }

    /** The width in bits of the vectors the kernels use; 0 without the path. */
    public static int vectorBits() {
        return BITS;
    }

    /** Whether products, tile transforms and pooling run on the Vector API path now. */
    public static boolean ready() {
        return STATE.ready();
    }

    /** Whether the gate loops (sigmoid, tanh, ReLU) run on the Vector API path now; implies {@link #ready()}. */
    public static boolean gatesReady() {
        return STATE.gatesReady();
    }

    /** Whether the choice of path is final. A benchmark of the steady state waits for this. */
    public static boolean settled() {
        return STATE.settled();
    }
}
