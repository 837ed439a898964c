package dev.keras2j.export.dl4j;

import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;
import dev.keras2j.model.layer.FlattenSpec;
import dev.keras2j.model.layer.PermuteSpec;
import dev.keras2j.model.layer.ReshapeSpec;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * DL4J translations of Flatten, Reshape and Permute. The DL4J network holds every tensor in Keras's own
 * array order (NWC/NHWC, or NCW/NCHW where the Keras model is channels_first), so a Keras reshape is a
 * C-order reshape there too. DL4J's {@link ReshapeVertex} declares its output as a vector, an NCW sequence
 * or an NCHW image, and DL4J sizes the next layer from that declaration, so a reshape into a channels_last
 * sequence goes through rows ({@link Layouts}) and a reshape into a channels_last image is refused. A
 * permutation is exact when it moves a block of leading axes behind the others: one layout change of a
 * rank-3 array.
 */
final class ReshapingTranslations {
    private ReshapingTranslations() {
    }

    static void register(Map<Class<? extends LayerSpec>, Translation> t) {
        t.put(FlattenSpec.class, ReshapingTranslations::flatten);
        t.put(ReshapeSpec.class, ReshapingTranslations::reshape);
        t.put(PermuteSpec.class, ReshapingTranslations::permute);
    }

    private static int[] known(LayerStep s, Shape shape) {
        if (!shape.isFullyKnown()) {
            throw s.refuse("shape " + shape.toKerasString() + ": the DL4J export reshapes tensors of known size only");
        }
        return shape.dims();
    }

    /** A vertex reshaping to {@code [batch, dims...]} in C order. */
    private static ReshapeVertex reshapeTo(int... dims) {
        int[] shape = new int[dims.length + 1];
        shape[0] = -1;
        System.arraycopy(dims, 0, shape, 1, dims.length);
        return new ReshapeVertex('c', shape, null);
    }

    /**
     * Adds the nodes that move the first {@code a} of each example's values ({@code a * r} in all, C order)
     * behind the rest, giving rows {@code [b * r, a]}: the example as an NCW sequence of {@code a}
     * channels, taken apart by time step. The consumer puts them together with {@link Layouts#sequence}.
     */
    private static String swappedRows(LayerStep s, String from, int a, int r) {
        String ncw = s.helperVertex("grouped", from, reshapeTo(a, r));
        return Layouts.rows(s, "swapped", ncw, RNNFormat.NCW);
    }

    private static void flatten(LayerStep s) {
        FlattenSpec f = (FlattenSpec) s.spec();
        Shape in = s.in();
        s.outputChannelsFirst(false);
        if (in.rank() <= 1) {
            s.passThrough();
            return;
        }
        int[] dims = known(s, in);
        int size = Math.toIntExact(in.elementCount());
        if (f.channelsFirst()) {
            // Keras moves axis 1 behind the others before flattening.
            int a = dims[0];
            String rows = swappedRows(s, s.input(), a, size / a);
            String swapped = s.helper("swapped_seq", rows, CoreTranslations.identity(), Layouts.sequence(RNNFormat.NWC));
            s.addVertex(List.of(swapped), reshapeTo(size));
            return;
        }
        if (in.rank() == 3) {
            // Keras flattens the stored order; DL4J's CNN-to-dense preprocessor reshapes it in C order.
            boolean cf = s.cf();
            s.add(s.input(), CoreTranslations.identity(), new CnnToFeedForwardPreProcessor(
                    cf ? dims[1] : dims[0], cf ? dims[2] : dims[1], cf ? dims[0] : dims[2],
                    cf ? CNN2DFormat.NCHW : CNN2DFormat.NHWC), Map.of());
            return;
        }
        s.addVertex(List.of(s.input()), reshapeTo(size));
    }

    private static void reshape(LayerStep s) {
        known(s, s.in());
        Shape out = s.layer().outputShape();
        int[] dims = known(s, out);
        boolean cf = s.channelsFirstModel();
        s.outputChannelsFirst(cf);
        if (out.rank() == 1 || (cf && out.rank() <= 3)) {
            s.addVertex(List.of(s.input()), reshapeTo(dims));
            return;
        }
        if (out.rank() == 2) {
            // A channels_last sequence: rows [b * t, c] in DL4J's order, declared c wide by a subset of
            // all their columns, then put together as NWC.
            String seq = s.helperVertex("grouped", s.input(), reshapeTo(dims));
            String rows = Layouts.rows(s, "rows", seq, RNNFormat.NWC);
            String sized = s.helperVertex("sized", rows, new SubsetVertex(0, dims[1] - 1));
            s.add(sized, CoreTranslations.identity(), Layouts.sequence(RNNFormat.NWC), Map.of());
            return;
        }
        throw s.refuse("output " + out.toKerasString() + ": DL4J's ReshapeVertex declares images channels-first,"
                + " so a channels_last image (or a tensor of rank 4+) has no exact DL4J reshape");
    }

    private static void permute(LayerStep s) {
        int[] p = ((PermuteSpec) s.spec()).dims();
        int[] dims = known(s, s.in());
        int n = p.length;
        boolean cf = s.channelsFirstModel();
        s.outputChannelsFirst(cf);
        // A rotation (k+1, ..., n, 1, ..., k) moves the first k axes behind the others.
        int k = p[0] - 1;
        for (int i = 0; i < n; i++) {
            if (p[i] != (k + i) % n + 1) {
                throw s.refuse("dims " + Arrays.toString(p) + ": the DL4J export permutes by moving leading axes"
                        + " behind the others only (a rotation of the axes)");
            }
        }
        if (k == 0) {
            s.passThrough();
            return;
        }
        if (n != 2 && !cf) {
            throw s.refuse("dims " + Arrays.toString(p) + ": DL4J's ReshapeVertex declares images channels-first,"
                    + " so a channels_last image has no exact DL4J permutation");
        }
        int[] out = known(s, s.layer().outputShape());
        int a = 1;
        for (int i = 0; i < k; i++) {
            a *= dims[i];
        }
        int r = Math.toIntExact(s.in().elementCount()) / a;
        String rows = swappedRows(s, s.input(), a, r);
        if (n == 2 && !cf) {
            // Rows [b * r, a] are the NWC sequence [b, r, a].
            s.add(rows, CoreTranslations.identity(), Layouts.sequence(RNNFormat.NWC), Map.of());
            return;
        }
        String swapped = s.helper("swapped_seq", rows, CoreTranslations.identity(), Layouts.sequence(RNNFormat.NWC));
        s.addVertex(List.of(swapped), reshapeTo(out));
    }
}
