package dev.keras2j.runtime.jit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutOfLineTest {
    static void twice(float[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            data[i] *= 2;
        }
    }

    static void fails(float[] data, int from, int to) {
        throw new IllegalArgumentException("from " + from);
    }

    @Test
    void runsTheMethodOnTheRange() {
        float[] d = {1, 2, 3, 4};
        new OutOfLine(java.lang.invoke.MethodHandles.lookup(), OutOfLineTest.class, "twice").run(d, 1, 3);
        assertThat(d).containsExactly(1, 4, 6, 4);
    }

    @Test
    void passesTheMethodsExceptionsThroughUnwrapped() {
        OutOfLine call = new OutOfLine(java.lang.invoke.MethodHandles.lookup(), OutOfLineTest.class, "fails");
        assertThatThrownBy(() -> call.run(new float[1], 7, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("from 7");
        OutOfLine outside = new OutOfLine(java.lang.invoke.MethodHandles.lookup(), OutOfLineTest.class, "twice");
        assertThatThrownBy(() -> outside.run(new float[2], 0, 3)).isInstanceOf(ArrayIndexOutOfBoundsException.class);
    }

    @Test
    void namesAMissingMethod() {
        assertThatThrownBy(() -> new OutOfLine(java.lang.invoke.MethodHandles.lookup(), OutOfLineTest.class, "absent"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("absent(float[], int, int)").hasMessageContaining("OutOfLineTest");
    }
}
