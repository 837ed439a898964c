package dev.keras2j.plot;

import dev.keras2j.model.CheckedModel;
import org.jfree.svg.SVGGraphics2D;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A picture of a model's layer graph, like Keras's {@code plot_model}: one box per input and layer (name,
 * class, output shape, parameters; refused layers in red with their reason), arrows for the connections,
 * nested models as frames. Laid out by the Eclipse Layout Kernel; drawn as SVG (JFreeSVG), PNG (Java2D) or
 * written as Graphviz dot text.
 */
public final class ModelPicture {
    /** The formats, by file extension. */
    public enum Format {
        /** Scalable vector graphics, text kept as text. */
        SVG,
        /** A bitmap at twice the SVG's pixel size. */
        PNG,
        /** Graphviz dot source. */
        DOT;

        /** The format a file name's extension names, or {@code null}. */
        public static Format ofFileName(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            for (Format f : values()) {
                if (lower.endsWith("." + f.name().toLowerCase(Locale.ROOT))) {
                    return f;
                }
            }
            return null;
        }
    }

    private ModelPicture() {
    }

    /** The picture in {@code format}, as the bytes of its file. */
    public static byte[] render(CheckedModel model, Format format) {
        LayerGraph graph = LayerGraph.of(model);
        return switch (format) {
            case DOT -> DotFormat.of(graph, model.spec().modelClass()).getBytes(StandardCharsets.UTF_8);
            case SVG -> svg(ElkGraphLayout.layout(graph)).getBytes(StandardCharsets.UTF_8);
            case PNG -> png(ElkGraphLayout.layout(graph));
        };
    }

    static String svg(GraphLayout layout) {
        SVGGraphics2D g = new SVGGraphics2D(Math.ceil(layout.width()), Math.ceil(layout.height()));
        GraphPainter.paint(layout, g);
        return g.getSVGDocument();
    }

    private static byte[] png(GraphLayout layout) {
        int scale = 2;
        BufferedImage image = new BufferedImage((int) Math.ceil(layout.width() * scale),
                (int) Math.ceil(layout.height() * scale), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.scale(scale, scale);
            GraphPainter.paint(layout, g);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
