package dev.keras2j.plot;

import java.util.List;

/**
 * Where everything of a {@link LayerGraph} goes on the page, in absolute coordinates (pixels, y down).
 *
 * @param width  the page width
 * @param height the page height
 * @param boxes  every box with its place and lines of text
 * @param arrows every connection as a polyline from the producing box to the reading box
 * @param groups every nested model's frame
 */
record GraphLayout(double width, double height, List<PlacedBox> boxes, List<Path> arrows, List<PlacedGroup> groups) {
    record PlacedBox(LayerGraph.Box box, List<String> lines, double x, double y, double w, double h) {
    }

    /** A polyline; the arrowhead is drawn at its last point. */
    record Path(double[] xs, double[] ys) {
    }

    record PlacedGroup(LayerGraph.Group group, double x, double y, double w, double h) {
    }
}
