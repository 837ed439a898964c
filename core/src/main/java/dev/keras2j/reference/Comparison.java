package dev.keras2j.reference;

import dev.keras2j.model.NdArray;
import java.util.Arrays;
import java.util.Locale;

/**
 * The element-wise comparison of an actual array against an expected one.
 *
 * <p>An element passes when {@code |actual - expected| <= atol + rtol * |expected|} (numpy's {@code isclose}
 * rule); a NaN on either side never passes; equal infinities pass. Shapes must be equal, except that shapes
 * differing only in size-1 axes (e.g. {@code [n, 1]} against {@code [n]}, as DL4J references store some
 * outputs) are compared element by element in row-major order; any other difference is a shape mismatch,
 * which fails without comparing values.
 */
public final class Comparison {
    /** Default absolute tolerance. */
    public static final double DEFAULT_ATOL = 1e-5;
    /** Default relative tolerance. */
    public static final double DEFAULT_RTOL = 1e-4;

    private final int[] actualShape;
    private final int[] expectedShape;
    private final boolean shapeMismatch;
    private final double atol;
    private final double rtol;
    private final long elementCount;
    private final long failingCount;
    private final long nanCount;
    private final double maxAbsError;
    private final double maxRelError;
    private final long worstIndex;
    private final double worstRatio;
    private final float worstActual;
    private final float worstExpected;

    private Comparison(NdArray actual, NdArray expected, double atol, double rtol) {
        this.actualShape = actual.shape();
        this.expectedShape = expected.shape();
        this.atol = atol;
        this.rtol = rtol;
        this.shapeMismatch = !compatibleShapes(actualShape, expectedShape);
        if (shapeMismatch) {
            elementCount = 0;
            failingCount = 0;
            nanCount = 0;
            maxAbsError = Double.NaN;
            maxRelError = Double.NaN;
            worstIndex = -1;
            worstRatio = Double.POSITIVE_INFINITY;
            worstActual = Float.NaN;
            worstExpected = Float.NaN;
            return;
        }
        float[] a = actual.data();
        float[] e = expected.data();
        long failing = 0;
        long nans = 0;
        double maxAbs = 0;
        double maxRel = 0;
        long worst = -1;
        double worstR = 0;
        for (int i = 0; i < a.length; i++) {
            double av = a[i];
            double ev = e[i];
            double ratio;
            if (Double.isNaN(av) || Double.isNaN(ev)) {
                nans++;
                failing++;
                ratio = Double.POSITIVE_INFINITY;
            } else if (av == ev) {
                // Also covers equal infinities, whose difference would be NaN.
                ratio = 0;
            } else if (Double.isInfinite(av) || Double.isInfinite(ev)) {
                // An infinity only matches the same infinity (an infinite allowance must not excuse it).
                failing++;
                ratio = Double.POSITIVE_INFINITY;
                maxAbs = Double.POSITIVE_INFINITY;
                maxRel = Double.POSITIVE_INFINITY;
            } else {
                double diff = Math.abs(av - ev);
                double allowed = atol + rtol * Math.abs(ev);
                ratio = allowed > 0 ? diff / allowed : Double.POSITIVE_INFINITY;
                maxAbs = Math.max(maxAbs, diff);
                if (ev != 0) {
                    maxRel = Math.max(maxRel, diff / Math.abs(ev));
                }
                if (diff > allowed) {
                    failing++;
                }
            }
            if (worst < 0 || ratio > worstR) {
                worst = i;
                worstR = ratio;
            }
        }
        this.elementCount = a.length;
        this.failingCount = failing;
        this.nanCount = nans;
        this.maxAbsError = maxAbs;
        this.maxRelError = maxRel;
        this.worstIndex = worst;
        this.worstRatio = a.length == 0 ? 0 : worstR;
        this.worstActual = worst >= 0 ? a[(int) worst] : Float.NaN;
        this.worstExpected = worst >= 0 ? e[(int) worst] : Float.NaN;
    }

    /** Compares with the default tolerances (atol 1e-5, rtol 1e-4). */
    public static Comparison of(NdArray actual, NdArray expected) {
        return of(actual, expected, DEFAULT_ATOL, DEFAULT_RTOL);
    }

    /** Compares with the given tolerances (both must be non-negative). */
    public static Comparison of(NdArray actual, NdArray expected, double atol, double rtol) {
        if (!(atol >= 0) || !(rtol >= 0)) {
            throw new IllegalArgumentException("tolerances must be non-negative: atol " + atol + ", rtol " + rtol);
        }
        return new Comparison(actual, expected, atol, rtol);
    }

    /** True if the shapes are equal or differ only in size-1 axes (same non-1 dimensions in the same order). */
    public static boolean compatibleShapes(int[] a, int[] b) {
        return Arrays.equals(a, b) || Arrays.equals(squeeze(a), squeeze(b));
    }

    private static int[] squeeze(int[] shape) {
        return Arrays.stream(shape).filter(d -> d != 1).toArray();
    }

    /** True when the shapes are compatible and every element passes. */
    public boolean passed() {
        return !shapeMismatch && failingCount == 0;
    }

    /** True when the shapes differ beyond size-1 axes; no values were compared. */
    public boolean shapeMismatch() {
        return shapeMismatch;
    }

    /** True when the shapes are compatible but not identical (they differ in size-1 axes). */
    public boolean shapesDifferOnlyInUnitAxes() {
        return !shapeMismatch && !Arrays.equals(actualShape, expectedShape);
    }

    public int[] actualShape() {
        return actualShape.clone();
    }

    public int[] expectedShape() {
        return expectedShape.clone();
    }

    public double atol() {
        return atol;
    }

    public double rtol() {
        return rtol;
    }

    /** Number of elements compared (0 on a shape mismatch). */
    public long elementCount() {
        return elementCount;
    }

    /** Number of elements outside the tolerance, NaNs included. */
    public long failingCount() {
        return failingCount;
    }

    /** Number of elements where either side is NaN (each one fails). */
    public long nanCount() {
        return nanCount;
    }

    /** Largest {@code |actual - expected|} over elements without NaN; NaN on a shape mismatch. */
    public double maxAbsError() {
        return maxAbsError;
    }

    /**
     * Largest {@code |actual - expected| / |expected|} over elements without NaN whose expected value is not 0
     * (elements expected to be 0 are judged by {@link #maxAbsError()}); NaN on a shape mismatch.
     */
    public double maxRelError() {
        return maxRelError;
    }

    /**
     * Row-major index of the worst element: the one with the largest ratio
     * {@code |actual - expected| / (atol + rtol * |expected|)} (the first NaN if any); -1 on a shape mismatch or
     * for empty arrays.
     */
    public long worstIndex() {
        return worstIndex;
    }

    /** The worst element's position in the expected array's shape, or null if there is none. */
    public int[] worstPosition() {
        if (worstIndex < 0) {
            return null;
        }
        int[] position = new int[expectedShape.length];
        long rest = worstIndex;
        for (int axis = expectedShape.length - 1; axis >= 0; axis--) {
            position[axis] = (int) (rest % expectedShape[axis]);
            rest /= expectedShape[axis];
        }
        return position;
    }

    /**
     * The worst element's error divided by its allowed error: at most 1 when everything passes; infinite for a
     * NaN or a shape mismatch.
     */
    public double worstToleranceRatio() {
        return worstRatio;
    }

    /** The actual value of the worst element (NaN if none). */
    public float worstActual() {
        return worstActual;
    }

    /** The expected value of the worst element (NaN if none). */
    public float worstExpected() {
        return worstExpected;
    }

    /** One line describing the result, e.g. for a CLI report. */
    public String summary() {
        if (shapeMismatch) {
            return "FAIL shape mismatch: actual " + Arrays.toString(actualShape) + ", expected "
                    + Arrays.toString(expectedShape);
        }
        StringBuilder s = new StringBuilder(passed() ? "PASS" : "FAIL");
        s.append(String.format(Locale.ROOT, " %d elements, max abs err %.3g, max rel err %.3g", elementCount,
                maxAbsError, maxRelError));
        if (failingCount > 0) {
            s.append(String.format(Locale.ROOT, ", %d failing", failingCount));
            if (nanCount > 0) {
                s.append(String.format(Locale.ROOT, " (%d NaN)", nanCount));
            }
            s.append(String.format(Locale.ROOT, ", worst at %s: actual %s expected %s",
                    Arrays.toString(worstPosition()), worstActual, worstExpected));
        }
        s.append(String.format(Locale.ROOT, " (atol %.3g, rtol %.3g)", atol, rtol));
        if (shapesDifferOnlyInUnitAxes()) {
            s.append(" [shapes ").append(Arrays.toString(actualShape)).append(" vs ")
                    .append(Arrays.toString(expectedShape)).append(" differ only in size-1 axes]");
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return summary();
    }
}
