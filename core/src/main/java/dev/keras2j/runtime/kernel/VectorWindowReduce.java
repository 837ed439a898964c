package dev.keras2j.runtime.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WindowReduce} eight channels at a time; lane-wise {@code max} follows {@code Math.max} and lane-wise
 * addition rounds as scalar addition. Loaded only once {@link VectorSupport#ready()}.
 */
final class VectorWindowReduce {
    private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;

    private VectorWindowReduce() {
    }

    /** {@link WindowReduce#max} on the whole vectors of {@code count}; returns the first index left to do. */
    static int max(float[] acc, int accAt, float[] src, int srcAt, int count) {
        int end = count - count % F8.length();
        for (int i = 0; i < end; i += F8.length()) {
            FloatVector.fromArray(F8, acc, accAt + i).max(FloatVector.fromArray(F8, src, srcAt + i))
                    .intoArray(acc, accAt + i);
        }
        return end;
    }

    /** {@link WindowReduce#add} on the whole vectors of {@code count}; returns the first index left to do. */
    static int add(float[] acc, int accAt, float[] src, int srcAt, int count) {
        int end = count - count % F8.length();
        for (int i = 0; i < end; i += F8.length()) {
            FloatVector.fromArray(F8, acc, accAt + i).add(FloatVector.fromArray(F8, src, srcAt + i))
                    .intoArray(acc, accAt + i);
        }
        return end;
    }
}
