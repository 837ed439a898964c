package dev.keras2j.runtime.layer;

/**
 * Amounts added or removed at the four borders of an image batch (a 1D input is an image of height 1),
 * from a spec's {@code [axis][before, after]} amounts.
 */
record SpatialBorders(int top, int bottom, int left, int right) {
    static SpatialBorders of(int[][] amounts, int rank) {
        int last = rank - 1;
        return rank == 1
                ? new SpatialBorders(0, 0, amounts[last][0], amounts[last][1])
                : new SpatialBorders(amounts[0][0], amounts[0][1], amounts[last][0], amounts[last][1]);
    }
}
