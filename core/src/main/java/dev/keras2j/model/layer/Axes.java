package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.ModelCheckException;
import dev.keras2j.model.UnsupportedModelException;

import java.util.Arrays;

/** Resolves Keras axis options (batch axis 0, negative counted from the end) against an input rank. */
final class Axes {
    private Axes() {
    }

    /**
     * The {@code axis} option as the file gives it, an int or a list; the last axis when absent.
     *
     * @throws UnsupportedModelException when the list is empty
     */
    static int[] option(LayerConfig config) {
        int[] a = config.intList("axis");
        if (a != null && a.length == 0) {
            throw new UnsupportedModelException(config.describe() + ": option 'axis' is empty");
        }
        return a == null ? new int[] {-1} : a;
    }

    /**
     * The distinct axes as non-negative positions in a shape of {@code fullRank} axes (batch included),
     * ascending.
     *
     * @throws ModelCheckException when an axis is out of range or repeated
     */
    static int[] resolve(int[] axes, int fullRank, LayerSpec layer, String option) {
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int a = axes[i];
            if (a >= fullRank || a < -fullRank) {
                throw new ModelCheckException(layer.describe() + ": " + option + " " + Arrays.toString(axes)
                        + " is out of range for an input of rank " + fullRank + " (batch axis included)");
            }
            out[i] = a < 0 ? a + fullRank : a;
        }
        Arrays.sort(out);
        for (int i = 1; i < out.length; i++) {
            if (out[i] == out[i - 1]) {
                throw new ModelCheckException(layer.describe() + ": " + option + " " + Arrays.toString(axes)
                        + " names an axis twice");
            }
        }
        return out;
    }
}
