package dev.keras2j.runtime.kernel;

import dev.keras2j.runtime.jit.CpuFeatures;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/** The float vectors every Vector API kernel uses: the widest the JVM offers (see {@link CpuFeatures#vectorBits()}). */
final class Lanes {
    /** The kernels' species; a constant, so that C2 compiles every operation on it to vector instructions. */
    static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED.withShape(
            VectorShape.forBitSize(CpuFeatures.vectorBits()));
    /** Floats per vector: 8 or 16. */
    static final int COUNT = FLOATS.length();

    private Lanes() {
    }
}
