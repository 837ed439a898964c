package dev.keras2j.testing;

import dev.keras2j.model.NdArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** keras2j's agreement criterion: {@code |a - e| <= 1e-5 + 1e-4 * |e|} element-wise, same shape. */
public final class ArrayAssert {
    private ArrayAssert() {
    }

    public static void assertClose(String what, NdArray actual, NdArray expected) {
        assertThat(actual.shape()).as(what + " shape").containsExactly(expected.shape());
        float[] a = actual.data();
        float[] e = expected.data();
        for (int i = 0; i < e.length; i++) {
            boolean bothNaN = Float.isNaN(a[i]) && Float.isNaN(e[i]);
            if (!bothNaN && !(Math.abs(a[i] - e[i]) <= 1e-5 + 1e-4 * Math.abs(e[i]))) {
                fail(what + ": element " + i + " is " + a[i] + " but Keras gives " + e[i]);
            }
        }
    }
}
