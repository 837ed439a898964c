package dev.keras2j.plot;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines of text in a box and the box's size. Text is set in a monospaced font, so a line's width is its
 * length times one advance: the layout needs no font metrics (and no fonts installed) to size the boxes.
 */
final class BoxText {
    static final float FONT_SIZE = 12f;
    /** The advance of a monospaced glyph, in em (DejaVu Sans Mono, Menlo, Consolas: 0.60-0.62). */
    static final float ADVANCE = 0.62f * FONT_SIZE;
    static final float LINE_HEIGHT = 16f;
    static final float PAD_X = 10f;
    static final float PAD_Y = 8f;
    /** A refusal reason is wrapped at this many characters, at most {@link #REASON_LINES} lines. */
    private static final int REASON_WIDTH = 44;
    private static final int REASON_LINES = 4;

    private BoxText() {
    }

    /** The lines of a box: name (bold), class, output shape, parameters, then output and refusal notes. */
    static List<String> lines(LayerGraph.Box b) {
        List<String> lines = new ArrayList<>();
        lines.add(b.name());
        lines.add(b.className());
        lines.add("out " + b.outputShape());
        if (b.kind() != LayerGraph.Kind.INPUT) {
            lines.add(String.format("params %,d", b.params()));
        }
        if (b.calls() > 1) {
            lines.add("shared: called " + b.calls() + " times");
        }
        if (b.output() >= 0) {
            lines.add("model output " + b.output());
        }
        if (b.reason() != null) {
            lines.addAll(wrap("refused: " + b.reason()));
        }
        return lines;
    }

    static float width(List<String> lines) {
        int chars = 0;
        for (String l : lines) {
            chars = Math.max(chars, l.length());
        }
        return Math.max(120f, chars * ADVANCE + 2 * PAD_X);
    }

    static float height(List<String> lines) {
        return lines.size() * LINE_HEIGHT + 2 * PAD_Y;
    }

    /** Splits at spaces into lines of at most {@link #REASON_WIDTH} characters; the last one ends in "..." if cut. */
    static List<String> wrap(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            while (word.length() > REASON_WIDTH) {
                if (line.length() > 0) {
                    out.add(line.toString());
                    line.setLength(0);
                }
                out.add(word.substring(0, REASON_WIDTH));
                word = word.substring(REASON_WIDTH);
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > REASON_WIDTH) {
                out.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            out.add(line.toString());
        }
        if (out.size() > REASON_LINES) {
            List<String> cut = new ArrayList<>(out.subList(0, REASON_LINES));
            String last = cut.get(REASON_LINES - 1);
            cut.set(REASON_LINES - 1, last.substring(0, Math.min(last.length(), REASON_WIDTH - 3)) + "...");
            return cut;
        }
        return out;
    }
}
