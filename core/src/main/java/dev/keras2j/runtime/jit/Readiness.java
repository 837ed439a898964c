package dev.keras2j.runtime.jit;

/**
 * What the kernels ask before they take their Vector API path: whether its code has been compiled well
 * enough to be the faster one. The answer only ever turns from false to true, and it changes no result bit
 * (both paths compute the same sums), only the speed.
 */
public interface Readiness {
    /** No vector path in this JVM: never ready, settled from the start. */
    Readiness NEVER = new Readiness() {
        @Override
        public boolean ready() {
            return false;
        }

        @Override
        public boolean gatesReady() {
            return false;
        }

        @Override
        public boolean settled() {
            return true;
        }
    };

    /** Whether the products, tile transforms and pooling steps run on vectors now. */
    boolean ready();

    /** Whether the gate loops (sigmoid, tanh, ReLU) run on vectors now; implies {@link #ready()}. */
    boolean gatesReady();

    /** Whether the answers above are final. A benchmark of the steady state waits for this. */
    boolean settled();
}
