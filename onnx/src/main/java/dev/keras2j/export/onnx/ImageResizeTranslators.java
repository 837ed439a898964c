package dev.keras2j.export.onnx;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;
import dev.keras2j.model.layer.CenterCropSpec;
import dev.keras2j.model.layer.DataFormat;
import dev.keras2j.model.layer.ResizeGeometry;
import dev.keras2j.model.layer.ResizingSpec;
import dev.keras2j.export.onnx.proto.Onnx.TensorProto;

import java.util.List;

import static dev.keras2j.export.onnx.OnnxGraph.attr;

/**
 * Resizing and CenterCrop, as Keras's {@code ops.image.resize} computes them with the TensorFlow backend:
 * the crop to the target's aspect ratio as Slice, the padding to it as Pad with {@code fill_value} (both cut
 * where {@link ResizeGeometry} says), then nearest as two Gathers of the source rows and columns TensorFlow
 * copies (exact copies; ONNX Resize's nearest rounds a float coordinate, which can land on the other side of a
 * tie from TensorFlow's {@code floor((i + 0.5) * in / out)}; computed in the graph from the image's size when it
 * is open), or bilinear as Resize {@code linear} with
 * {@code half_pixel} coordinates (TensorFlow's half-pixel centres; both clamp at the borders), no antialiasing.
 * The crop and the padding need the image's height and width.
 */
final class ImageResizeTranslators {
    private ImageResizeTranslators() {
    }

    static void register(TranslatorRegistry r) {
        r.register(ResizingSpec.class, ImageResizeTranslators::resizing);
        r.register(CenterCropSpec.class, ImageResizeTranslators::centerCrop);
    }

    private static String resizing(ResizingSpec r, CheckedLayer l, List<String> in, Translation t) {
        OnnxGraph g = t.graph();
        Sides s = Sides.of(l.inputShape(), r.dataFormat());
        String x = in.get(0);
        int h = r.height();
        int w = r.width();
        if (r.cropToAspectRatio()) {
            s.requireKnown(r, "crop_to_aspect_ratio");
            int[] c = ResizeGeometry.crop(s.h, s.w, h, w);
            x = window(g, x, s, c[0], c[1], c[2], c[3], l.name() + "_crop");
            s = s.resized(c[2], c[3]);
        } else if (r.padToAspectRatio()) {
            s.requireKnown(r, "pad_to_aspect_ratio");
            int[] p = ResizeGeometry.pad(s.h, s.w, h, w);
            if (p[0] != 0 || p[1] != 0) {
                long[] pads = new long[2 * s.rank];
                pads[s.hAxis] = p[0];
                pads[s.hAxis + s.rank] = p[0];
                pads[s.wAxis] = p[1];
                pads[s.wAxis + s.rank] = p[1];
                x = g.op("Pad", l.name() + "_pad", List.of(x, g.ints(l.name() + "_pads", pads),
                        g.scalar(l.name() + "_fill", r.fillValue())), attr("mode", "constant"));
                s = s.resized(s.h + 2 * p[0], s.w + 2 * p[1]);
            }
        }
        if (r.interpolation() == ResizingSpec.Interpolation.NEAREST) {
            return nearest(g, x, s, h, w, l.name());
        }
        return bilinear(g, x, s, r.dataFormat(), h, w, l.name());
    }

    private static String centerCrop(CenterCropSpec c, CheckedLayer l, List<String> in, Translation t) {
        OnnxGraph g = t.graph();
        Sides s = Sides.of(l.inputShape(), c.dataFormat());
        s.requireKnown(c, "the choice between cropping and resizing");
        int h = c.height();
        int w = c.width();
        if (s.h >= h && s.w >= w) {
            return window(g, in.get(0), s, (s.h - h) / 2, (s.w - w) / 2, h, w, l.name());
        }
        // Smaller than the target: Keras's smart_resize (crop to the aspect ratio, then bilinear).
        int[] a = ResizeGeometry.crop(s.h, s.w, h, w);
        String x = window(g, in.get(0), s, a[0], a[1], a[2], a[3], l.name() + "_crop");
        return bilinear(g, x, s.resized(a[2], a[3]), c.dataFormat(), h, w, l.name());
    }

    /** Rows {@code [top, top + h)} and columns {@code [left, left + w)} (the input itself when that is all of it). */
    private static String window(OnnxGraph g, String x, Sides s, int top, int left, int h, int w, String hint) {
        if (top == 0 && left == 0 && h == s.h && w == s.w) {
            return x;
        }
        return g.op("Slice", hint, List.of(x, g.ints(hint + "_starts", top, left),
                g.ints(hint + "_ends", top + h, left + w), g.ints(hint + "_axes", s.hAxis, s.wAxis)));
    }

    private static String nearest(OnnxGraph g, String x, Sides s, int h, int w, String hint) {
        String rows = g.op("Gather", hint + "_rows", List.of(x, nearestIndices(g, x, s.hAxis, s.h, h, hint + "_row_idx")),
                attr("axis", (long) s.hAxis));
        return g.op("Gather", hint, List.of(rows, nearestIndices(g, x, s.wAxis, s.w, w, hint + "_col_idx")),
                attr("axis", (long) s.wAxis));
    }

    /**
     * The source positions nearest-neighbour resampling copies along one axis: constants when the axis's length is
     * known, else TensorFlow's float32 arithmetic on the length, {@code min(floor((i + 0.5) * (in / out)), in - 1)}
     * (the same IEEE operations, so the same indices).
     */
    private static String nearestIndices(OnnxGraph g, String x, int axis, int in, int out, String hint) {
        if (in != Shape.UNKNOWN) {
            return g.ints(hint, OnnxGraph.toLongs(ResizeGeometry.nearestIndices(in, out)));
        }
        String length = g.op("Gather", hint + "_len", List.of(g.op("Shape", hint + "_shape", List.of(x)),
                g.intScalar(hint + "_axis", axis)), attr("axis", 0L));
        String scale = g.op("Div", hint + "_scale", List.of(g.op("Cast", hint + "_len_f", List.of(length),
                attr("to", (long) TensorProto.DataType.FLOAT_VALUE)), g.scalar(hint + "_out", out)));
        float[] centres = new float[out];
        for (int i = 0; i < out; i++) {
            centres[i] = i + 0.5f;
        }
        String position = g.op("Floor", hint + "_floor", List.of(g.op("Mul", hint + "_pos", List.of(
                g.floats(hint + "_centres", centres, out), scale))));
        String index = g.op("Cast", hint + "_int", List.of(position), attr("to", (long) TensorProto.DataType.INT64_VALUE));
        String last = g.op("Sub", hint + "_last", List.of(length, g.intScalar(hint + "_one", 1)));
        return g.op("Min", hint, List.of(index, last));
    }

    /** Resize on the channels-first image, the batch and channel sizes taken from the input's shape. */
    private static String bilinear(OnnxGraph g, String x, Sides s, DataFormat format, int h, int w, String hint) {
        String nchw = Layouts.toChannelsFirst(g, x, 2, format, hint);
        String batchChannels = g.op("Slice", hint + "_nc", List.of(g.op("Shape", hint + "_shape", List.of(nchw)),
                g.ints(hint + "_nc_start", 0), g.ints(hint + "_nc_end", 2)));
        String sizes = g.op("Concat", hint + "_sizes", List.of(batchChannels, g.ints(hint + "_hw", h, w)),
                attr("axis", 0L));
        String y = g.op("Resize", hint + "_resize", List.of(nchw, "", "", sizes), attr("mode", "linear"),
                attr("coordinate_transformation_mode", "half_pixel"));
        return Layouts.fromChannelsFirst(g, y, 2, format, hint);
    }

    /** The image's height and width (may be unknown) and their positions in the batch-first tensor. */
    private record Sides(int rank, int hAxis, int wAxis, int h, int w) {
        static Sides of(Shape input, DataFormat format) {
            int ha = format.spatialAxis(0);
            int wa = format.spatialAxis(1);
            return new Sides(input.rank() + 1, ha + 1, wa + 1, input.dim(ha), input.dim(wa));
        }

        Sides resized(int newH, int newW) {
            return new Sides(rank, hAxis, wAxis, newH, newW);
        }

        void requireKnown(LayerSpec spec, String what) {
            if (h == Shape.UNKNOWN || w == Shape.UNKNOWN) {
                throw Translation.refuse(spec, what + " on images of open height or width: the export computes"
                        + " the rows and columns it keeps from the image's size, which the model leaves open");
            }
        }
    }
}
