package dev.keras2j.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;

/**
 * Draws a {@link GraphLayout} on any {@link Graphics2D}: JFreeSVG's for an SVG file, an image's for a PNG.
 * Boxes are coloured by kind (input green, layer blue, refused red), nested models are dashed frames.
 */
final class GraphPainter {
    private static final Color PAGE = Color.WHITE;
    private static final Color INK = new Color(0x1f2933);
    private static final Color MUTED = new Color(0x52606d);
    private static final Color ARROW = new Color(0x7b8794);
    private static final Color LAYER_FILL = new Color(0xe8f1fb);
    private static final Color LAYER_EDGE = new Color(0x3d6fb4);
    private static final Color INPUT_FILL = new Color(0xe6f4ea);
    private static final Color INPUT_EDGE = new Color(0x3c8f50);
    private static final Color REFUSED_FILL = new Color(0xfde8e6);
    private static final Color REFUSED_EDGE = new Color(0xc0392b);
    private static final Color GROUP_FILL = new Color(0xf7f8fa);
    private static final Color GROUP_EDGE = new Color(0x9aa5b1);

    private static final Font PLAIN = new Font(Font.MONOSPACED, Font.PLAIN, (int) BoxText.FONT_SIZE);
    private static final Font BOLD = new Font(Font.MONOSPACED, Font.BOLD, (int) BoxText.FONT_SIZE);

    private GraphPainter() {
    }

    static void paint(GraphLayout layout, Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setPaint(PAGE);
        g.fillRect(0, 0, (int) Math.ceil(layout.width()), (int) Math.ceil(layout.height()));
        for (GraphLayout.PlacedGroup grp : layout.groups()) {
            paintGroup(grp, g);
        }
        for (GraphLayout.Path p : layout.arrows()) {
            paintArrow(p, g);
        }
        // Titles over the arrows that enter a frame through them, on the frame's colour, so they stay readable.
        for (GraphLayout.PlacedGroup grp : layout.groups()) {
            paintGroupTitle(grp, g);
        }
        for (GraphLayout.PlacedBox b : layout.boxes()) {
            paintBox(b, g);
        }
    }

    private static void paintGroup(GraphLayout.PlacedGroup grp, Graphics2D g) {
        RoundRectangle2D frame = new RoundRectangle2D.Double(grp.x(), grp.y(), grp.w(), grp.h(), 14, 14);
        g.setPaint(GROUP_FILL);
        g.fill(frame);
        g.setPaint(GROUP_EDGE);
        g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f));
        g.draw(frame);
    }

    private static void paintGroupTitle(GraphLayout.PlacedGroup grp, Graphics2D g) {
        double x = grp.x() + ElkGraphLayout.TITLE_MARGIN;
        g.setPaint(GROUP_FILL);
        g.fill(new Rectangle2D.Double(x - 3, grp.y() + 5, ElkGraphLayout.titleWidth(grp.group())
                - 2 * ElkGraphLayout.TITLE_MARGIN + 6, BoxText.LINE_HEIGHT + 2));
        g.setFont(BOLD);
        g.setPaint(MUTED);
        g.drawString(grp.group().title(), (float) x, (float) grp.y() + 18);
    }

    private static void paintArrow(GraphLayout.Path p, Graphics2D g) {
        double[] xs = p.xs();
        double[] ys = p.ys();
        int last = xs.length - 1;
        Path2D line = new Path2D.Double();
        line.moveTo(xs[0], ys[0]);
        for (int i = 1; i <= last; i++) {
            line.lineTo(xs[i], ys[i]);
        }
        g.setPaint(ARROW);
        g.setStroke(new BasicStroke(1.4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(line);
        double angle = Math.atan2(ys[last] - ys[last - 1], xs[last] - xs[last - 1]);
        double size = 8;
        Path2D head = new Path2D.Double();
        head.moveTo(xs[last], ys[last]);
        head.lineTo(xs[last] - size * Math.cos(angle - 0.4), ys[last] - size * Math.sin(angle - 0.4));
        head.lineTo(xs[last] - size * Math.cos(angle + 0.4), ys[last] - size * Math.sin(angle + 0.4));
        head.closePath();
        g.fill(head);
    }

    private static void paintBox(GraphLayout.PlacedBox b, Graphics2D g) {
        Color fill;
        Color edge;
        switch (b.box().kind()) {
            case INPUT -> {
                fill = INPUT_FILL;
                edge = INPUT_EDGE;
            }
            case REFUSED -> {
                fill = REFUSED_FILL;
                edge = REFUSED_EDGE;
            }
            default -> {
                fill = LAYER_FILL;
                edge = LAYER_EDGE;
            }
        }
        RoundRectangle2D box = new RoundRectangle2D.Double(b.x(), b.y(), b.w(), b.h(), 10, 10);
        g.setPaint(fill);
        g.fill(box);
        g.setPaint(edge);
        // A model output gets a heavier border, like the inputs' colour marks where data enters.
        g.setStroke(new BasicStroke(b.box().output() >= 0 ? 2.6f : 1.3f));
        g.draw(box);
        float x = (float) b.x() + BoxText.PAD_X;
        float y = (float) b.y() + BoxText.PAD_Y + BoxText.FONT_SIZE;
        boolean refusal = false;
        for (int i = 0; i < b.lines().size(); i++) {
            String line = b.lines().get(i);
            refusal |= line.startsWith("refused: ");
            g.setFont(i == 0 ? BOLD : PLAIN);
            g.setPaint(i == 0 ? INK : refusal ? REFUSED_EDGE : MUTED);
            g.drawString(line, x, y + i * BoxText.LINE_HEIGHT);
        }
    }
}
