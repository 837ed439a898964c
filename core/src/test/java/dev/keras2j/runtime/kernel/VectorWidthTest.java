package dev.keras2j.runtime.kernel;

import dev.keras2j.runtime.jit.CpuFeatures;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vector kernels run at the width asked for: {@value CpuFeatures#VECTOR_BITS_PROPERTY} when set (the build
 * runs the kernel tests a second time at 256 bits, so that the bit-identity tests cover both widths on an
 * AVX-512 machine), else the JVM's preferred width.
 */
class VectorWidthTest {
    @Test
    void kernelsUseTheWidthAskedFor() {
        assertThat(VectorSupport.available()).as("the test JVMs resolve the Vector API module").isTrue();
        String forced = System.getProperty(CpuFeatures.VECTOR_BITS_PROPERTY);
        int expected = forced != null ? Integer.parseInt(forced)
                : Math.min(512, FloatVector.SPECIES_PREFERRED.vectorBitSize());
        assertThat(VectorSupport.vectorBits()).isEqualTo(expected);
        assertThat(Lanes.FLOATS.vectorBitSize()).isEqualTo(expected);
        assertThat(VectorGemm.NR).isEqualTo(expected / Float.SIZE);
        assertThat(ShiftedRows.SLACK).as("a row's last vector stays inside the image").isGreaterThanOrEqualTo(VectorGemm.NR);
    }
}
