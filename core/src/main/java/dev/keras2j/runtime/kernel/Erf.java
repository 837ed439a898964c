package dev.keras2j.runtime.kernel;

/**
 * The error function, which the JDK lacks; exact GELU needs it. Uses the complementary error function's
 * Chebyshev fit from Numerical Recipes (3rd ed., 6.2.2), accurate to about 1e-15 in double, far below
 * float32 resolution, and the Maclaurin series near zero, where {@code 1 - erfc} would lose relative accuracy.
 */
final class Erf {
    private static final double[] COF = {-1.3026537197817094, 6.4196979235649026e-1,
        1.9476473204185836e-2, -9.561514786808631e-3, -9.46595344482036e-4, 3.66839497852761e-4,
        4.2523324806907e-5, -2.0278578112534e-5, -1.624290004647e-6, 1.303655835580e-6,
        1.5626441722e-8, -8.5238095915e-8, 6.529054439e-9, 5.059343495e-9, -9.91364156e-10,
        -2.27365122e-10, 9.6467911e-11, 2.394038e-12, -6.886027e-12, 8.94487e-13, 3.13092e-13,
        -1.12708e-13, 3.81e-16, 7.106e-15, -1.523e-15, -9.4e-17, 1.21e-16, -2.8e-17};

    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

    private Erf() {
    }

    static double erf(double x) {
        if (Math.abs(x) < 0.5) {
            // 1 - erfc(x) loses relative accuracy near zero; the Maclaurin series does not.
            return series(x);
        }
        return x >= 0 ? 1.0 - erfccheb(x) : erfccheb(-x) - 1.0;
    }

    /** {@code 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))}; 14 terms reach double precision for |x| < 0.5. */
    private static double series(double x) {
        double x2 = x * x;
        double term = x;
        double sum = 0.0;
        for (int n = 0; n < 14; n++) {
            sum += term / (2 * n + 1);
            term *= -x2 / (n + 1);
        }
        return sum * TWO_OVER_SQRT_PI;
    }

    private static double erfccheb(double z) {
        double t = 2.0 / (2.0 + z);
        double ty = 4.0 * t - 2.0;
        double d = 0.0;
        double dd = 0.0;
        for (int j = COF.length - 1; j > 0; j--) {
            double tmp = d;
            d = ty * d - dd + COF[j];
            dd = tmp;
        }
        return t * Math.exp(-z * z + 0.5 * (COF[0] + ty * d) - dd);
    }
}
