package dev.keras2j.export.onnx;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.Shape;
import dev.keras2j.model.layer.CroppingSpec;
import dev.keras2j.model.layer.DataFormat;
import dev.keras2j.model.layer.GlobalPoolingSpec;
import dev.keras2j.model.layer.PoolMode;
import dev.keras2j.model.layer.PoolingSpec;
import dev.keras2j.model.layer.UpSamplingSpec;
import dev.keras2j.model.layer.ZeroPaddingSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.keras2j.export.onnx.OnnxGraph.attr;
import static dev.keras2j.export.onnx.OnnxGraph.intsAttr;

/**
 * Pooling (MaxPool, and AveragePool dividing by the inside elements only as TensorFlow does), global
 * pooling (reductions over the spatial axes), ZeroPadding (Pad), Cropping (Slice) and UpSampling (nearest
 * by exact repetition, bilinear by Resize with half-pixel centres).
 */
final class PoolingTranslators {
    private PoolingTranslators() {
    }

    static void register(TranslatorRegistry r) {
        r.register(PoolingSpec.class, PoolingTranslators::pooling);
        r.register(GlobalPoolingSpec.class, PoolingTranslators::globalPooling);
        r.register(ZeroPaddingSpec.class, PoolingTranslators::zeroPadding);
        r.register(CroppingSpec.class, PoolingTranslators::cropping);
        r.register(UpSamplingSpec.class, PoolingTranslators::upSampling);
    }

    private static String pooling(PoolingSpec p, CheckedLayer l, List<String> in, Translation t) {
        OnnxGraph g = t.graph();
        int[] ones = new int[p.rank()];
        Arrays.fill(ones, 1);
        long[] pads = Layouts.pads(l.inputShape(), p.dataFormat(), p.poolSize(), p.strides(), ones, p.padding());
        String x = Layouts.toChannelsFirst(g, in.get(0), p.rank(), p.dataFormat(), l.name());
        List<dev.keras2j.export.onnx.proto.Onnx.AttributeProto> a = new ArrayList<>(List.of(intsAttr("kernel_shape", p.poolSize()),
                intsAttr("strides", p.strides()),
                pads == null ? attr("auto_pad", "SAME_UPPER") : intsAttr("pads", pads)));
        if (p.mode() == PoolMode.AVERAGE) {
            a.add(attr("count_include_pad", 0L));
        }
        String y = g.op(p.mode() == PoolMode.MAX ? "MaxPool" : "AveragePool", l.name() + "_pool", List.of(x),
                a.toArray(dev.keras2j.export.onnx.proto.Onnx.AttributeProto[]::new));
        return Layouts.fromChannelsFirst(g, y, p.rank(), p.dataFormat(), l.name());
    }

    /** The positions, in the full tensor, of the spatial axes. */
    private static long[] spatialAxes(int rank, DataFormat format) {
        long[] axes = new long[rank];
        for (int i = 0; i < rank; i++) {
            axes[i] = format.spatialAxis(i) + 1;
        }
        return axes;
    }

    private static String globalPooling(GlobalPoolingSpec p, CheckedLayer l, List<String> in, Translation t) {
        return t.graph().reduce(p.mode() == PoolMode.MAX ? "ReduceMax" : "ReduceMean", in.get(0), l.name(),
                p.keepDims(), spatialAxes(p.rank(), p.dataFormat()));
    }

    private static String zeroPadding(ZeroPaddingSpec z, CheckedLayer l, List<String> in, Translation t) {
        int full = l.inputShape().rank() + 1;
        long[] pads = new long[2 * full];
        int[][] p = z.padding();
        for (int i = 0; i < z.rank(); i++) {
            int axis = z.dataFormat().spatialAxis(i) + 1;
            pads[axis] = p[i][0];
            pads[axis + full] = p[i][1];
        }
        OnnxGraph g = t.graph();
        return g.op("Pad", l.name(), List.of(in.get(0), g.ints(l.name() + "_pads", pads)), attr("mode", "constant"));
    }

    private static String cropping(CroppingSpec c, CheckedLayer l, List<String> in, Translation t) {
        int[][] p = c.cropping();
        long[] starts = new long[c.rank()];
        long[] ends = new long[c.rank()];
        long[] axes = spatialAxes(c.rank(), c.dataFormat());
        for (int i = 0; i < c.rank(); i++) {
            starts[i] = p[i][0];
            ends[i] = p[i][1] == 0 ? Long.MAX_VALUE : -p[i][1];
        }
        OnnxGraph g = t.graph();
        return g.op("Slice", l.name(), List.of(in.get(0), g.ints(l.name() + "_starts", starts),
                g.ints(l.name() + "_ends", ends), g.ints(l.name() + "_axes", axes)));
    }

    private static String upSampling(UpSamplingSpec u, CheckedLayer l, List<String> in, Translation t) {
        OnnxGraph g = t.graph();
        int[] size = u.size();
        int r = u.rank();
        if (u.interpolation() == UpSamplingSpec.Interpolation.BILINEAR) {
            String x = Layouts.toChannelsFirst(g, in.get(0), r, u.dataFormat(), l.name());
            float[] scales = new float[r + 2];
            Arrays.fill(scales, 1f);
            for (int i = 0; i < r; i++) {
                scales[i + 2] = size[i];
            }
            String y = g.op("Resize", l.name() + "_resize", List.of(x, "", g.floats(l.name() + "_scales", scales, r + 2)),
                    attr("mode", "linear"), attr("coordinate_transformation_mode", "half_pixel"));
            return Layouts.fromChannelsFirst(g, y, r, u.dataFormat(), l.name());
        }
        // Nearest: each spatial axis gets a new axis of the factor's size after it, tiled, then merged.
        Shape s = l.inputShape();
        int full = s.rank() + 1;
        String x = in.get(0);
        long[] newAxes = new long[r];
        for (int i = 0; i < r; i++) {
            newAxes[i] = u.dataFormat().spatialAxis(i) + 2 + i;
        }
        x = g.unsqueeze(x, l.name() + "_expand", newAxes);
        long[] repeats = new long[full + r];
        Arrays.fill(repeats, 1);
        for (int i = 0; i < r; i++) {
            repeats[(int) newAxes[i]] = size[i];
        }
        x = g.op("Tile", l.name() + "_tile", List.of(x, g.ints(l.name() + "_repeats", repeats)));
        return CoreTranslators.reshapeTo(l, x, t);
    }
}
