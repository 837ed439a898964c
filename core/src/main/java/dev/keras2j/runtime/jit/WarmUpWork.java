package dev.keras2j.runtime.jit;

/**
 * One round of the work a {@link WarmUpRace} runs: the same product on both paths, to time them against each
 * other, and the other vector kernels, whose allocations tell whether C2 has compiled them yet.
 */
public interface WarmUpWork {
    /** A small product on the vector path. */
    void vectorProduct();

    /** The same product on the portable path. */
    void portableProduct();

    /** Every other vector kernel except the gate loops, once. */
    void otherKernels();

    /** The gate loops (sigmoid, tanh, ReLU) on the vector path, once. */
    void gates();
}
