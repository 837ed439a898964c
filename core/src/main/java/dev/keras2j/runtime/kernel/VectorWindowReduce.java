package dev.keras2j.runtime.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WindowReduce} a vector of channels at a time; lane-wise {@code max} follows {@code Math.max} and lane-wise
 * addition rounds as scalar addition. Loaded only once {@link VectorSupport#ready()}.
 */
final class VectorWindowReduce {
    private static final VectorSpecies<Float> F = Lanes.FLOATS;

    private VectorWindowReduce() {
    }

    /** {@link WindowReduce#max} on the whole vectors of {@code count}; returns the first index left to do. */
    static int max(float[] acc, int accAt, float[] src, int srcAt, int count) {
        int end = count - count % F.length();
        for (int i = 0; i < end; i += F.length()) {
            FloatVector.fromArray(F, acc, accAt + i).max(FloatVector.fromArray(F, src, srcAt + i))
                    .intoArray(acc, accAt + i);
        }
        return end;
    }

    /** {@link WindowReduce#add} on the whole vectors of {@code count}; returns the first index left to do. */
    static int add(float[] acc, int accAt, float[] src, int srcAt, int count) {
        int end = count - count % F.length();
        for (int i = 0; i < end; i += F.length()) {
            FloatVector.fromArray(F, acc, accAt + i).add(FloatVector.fromArray(F, src, srcAt + i))
                    .intoArray(acc, accAt + i);
        }
        return end;
    }
}
