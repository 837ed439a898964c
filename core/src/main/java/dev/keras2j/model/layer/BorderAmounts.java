package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.UnsupportedModelException;

import java.util.List;

/**
 * Parses the before/after amounts of {@code ZeroPadding*} and {@code Cropping*}: an int (all sides), a
 * list with one entry per axis (int: both sides; pair: before, after), or for 1D layers a pair.
 */
final class BorderAmounts {
    private BorderAmounts() {
    }

    static int[][] parse(LayerConfig config, String key, int rank, int defaultAmount) {
        Object v = config.raw(key);
        int[][] out = new int[rank][2];
        if (v == null) {
            for (int[] axis : out) {
                axis[0] = defaultAmount;
                axis[1] = defaultAmount;
            }
        } else if (v instanceof Number) {
            int n = config.requiredInt(key);
            for (int[] axis : out) {
                axis[0] = n;
                axis[1] = n;
            }
        } else if (rank == 1) {
            int[] pair = config.ints(key, 2, null);
            out[0] = pair;
        } else if (v instanceof List<?> list && list.size() == rank) {
            for (int i = 0; i < rank; i++) {
                out[i] = pair(config, key, list.get(i));
            }
        } else {
            throw invalid(config, key, v);
        }
        for (int[] axis : out) {
            if (axis[0] < 0 || axis[1] < 0) {
                throw invalid(config, key, v);
            }
        }
        return out;
    }

    private static int[] pair(LayerConfig config, String key, Object e) {
        if (e instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return new int[] {n.intValue(), n.intValue()};
        }
        if (e instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number a && l.get(1) instanceof Number b
                && a.doubleValue() == Math.rint(a.doubleValue()) && b.doubleValue() == Math.rint(b.doubleValue())) {
            return new int[] {a.intValue(), b.intValue()};
        }
        throw invalid(config, key, e);
    }

    private static UnsupportedModelException invalid(LayerConfig config, String key, Object v) {
        return new UnsupportedModelException(config.describe() + ": option '" + key + "' is " + v
                + ", expected non-negative amounts per axis, as an int, (before, after) pairs or per-axis ints");
    }

    static int[][] copy(int[][] a) {
        int[][] c = new int[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
