package dev.keras2j.runtime.kernel;

import java.util.Random;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** What the tests of Gemm's implicit operands share: random data, and every path checked for the same bits. */
final class ProductPaths {
    private ProductPaths() {
    }

    /** {@code n} values drawn from N(0, scale²). */
    static float[] gaussian(Random r, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * scale);
        }
        return x;
    }

    /**
     * Runs each product on a copy of {@code start} and requires exactly {@code expected}'s bits (the summation
     * order is the same on every path).
     */
    @SafeVarargs
    static void assertEveryPathGives(float[] expected, float[] start, Consumer<float[]>... products) {
        for (int i = 0; i < products.length; i++) {
            float[] c = start.clone();
            products[i].accept(c);
            assertThat(c).as("path %d", i).isEqualTo(expected);
        }
    }
}
