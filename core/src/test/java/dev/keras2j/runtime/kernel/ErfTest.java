package dev.keras2j.runtime.kernel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@link Erf} against identities and an independent Maclaurin series evaluated with exact accumulation. */
class ErfTest {
    /** erf(x) = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1)), summed in BigDecimal to avoid cancellation. */
    private static double seriesErf(double x) {
        java.math.MathContext mc = new java.math.MathContext(40);
        java.math.BigDecimal bx = new java.math.BigDecimal(x);
        java.math.BigDecimal x2 = bx.multiply(bx, mc);
        java.math.BigDecimal term = bx; // (-1)^n x^(2n+1) / n!
        java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
        for (int n = 0; n < 200; n++) {
            sum = sum.add(term.divide(java.math.BigDecimal.valueOf(2L * n + 1), mc), mc);
            term = term.multiply(x2, mc).negate().divide(java.math.BigDecimal.valueOf(n + 1), mc);
        }
        return sum.doubleValue() * 2.0 / Math.sqrt(Math.PI);
    }

    @Test
    void zeroAndOddSymmetry() {
        assertThat(Erf.erf(0.0)).isEqualTo(0.0);
        // Near zero erf(x) ~ 2x/sqrt(pi): relative accuracy must hold there too.
        assertThat(Erf.erf(1e-9) / 1e-9).isCloseTo(2 / Math.sqrt(Math.PI), within(1e-15));
        for (double x = 0.05; x < 6; x += 0.37) {
            assertThat(Erf.erf(-x)).isEqualTo(-Erf.erf(x));
        }
    }

    @Test
    void matchesTheSeriesToDoublePrecision() {
        for (double x = -5.0; x <= 5.0; x += 0.0625) {
            assertThat(Erf.erf(x)).as("erf(%s)", x).isCloseTo(seriesErf(x), within(2e-15));
        }
        for (double x = 1e-6; x < 0.6; x *= 1.7) {
            assertThat(Erf.erf(x) / seriesErf(x)).as("erf(%s) relative", x).isCloseTo(1.0, within(1e-14));
        }
    }

    @Test
    void saturatesWithoutOvershooting() {
        assertThat(Erf.erf(7.0)).isEqualTo(1.0);
        assertThat(Erf.erf(-30.0)).isEqualTo(-1.0);
        for (double x = 0; x < 10; x += 0.01) {
            assertThat(Math.abs(Erf.erf(x))).isLessThanOrEqualTo(1.0);
        }
    }
}
