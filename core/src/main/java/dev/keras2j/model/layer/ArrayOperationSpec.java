package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Keras operations that move values without computing: {@code keras.ops.reshape}, {@code transpose},
 * {@code expand_dims}, {@code squeeze}, {@code stack} and indexing ({@code x[:, -1]}, {@code x[:, 1:3, ::2]},
 * and, from tf.keras's {@code tf.__operators__.getitem}, {@code x[..., 0]} and {@code x[:, tf.newaxis]}).
 * Unlike the layers of similar names their axes count the batch axis; an operation that would move, merge,
 * index or create the batch axis is refused.
 */
public final class ArrayOperationSpec extends LayerSpec {
    /** The operation, by its Keras class name. */
    public enum Kind {
        RESHAPE("Reshape"), TRANSPOSE("Transpose"), EXPAND_DIMS("ExpandDims"), SQUEEZE("Squeeze"),
        STACK("Stack"), GET_ITEM("GetItem");

        private final String kerasName;

        Kind(String kerasName) {
            this.kerasName = kerasName;
        }

        public String kerasName() {
            return kerasName;
        }

    }

    /** One axis of an index: {@code index} (the axis is dropped) or a slice {@code start:stop:step}. */
    public record Index(boolean drop, long index, Long start, Long stop, Long step) {
    }

    /** Index entries that take no axis of their own: {@code ...} (every axis the others leave) and a new axis. */
    private enum Marker { ELLIPSIS, NEW_AXIS }

    private static final Index ALL = new Index(false, 0, null, null, null);

    private final Kind kind;
    private final int[] ints;
    /** The index's entries as the file gives them: {@link Index}es and {@link Marker}s. */
    private final List<Object> key;

    public ArrayOperationSpec(LayerConfig config) {
        super(config);
        this.kind = OperationSpecs.kind(config, Kind.values(), Kind::kerasName);
        this.ints = switch (kind) {
            case RESHAPE -> required(config, "newshape");
            case TRANSPOSE -> required(config, "axes");
            case EXPAND_DIMS, SQUEEZE -> required(config, "axis");
            case STACK -> config.ints("axis", 1, new int[] {0});
            case GET_ITEM -> null;
        };
        this.key = kind == Kind.GET_ITEM ? key(config.raw("key")) : null;
    }

    private int[] required(LayerConfig config, String option) {
        int[] v = config.intList(option);
        if (v == null) {
            throw refuse("option '" + option + "' is None, which would "
                    + (kind == Kind.TRANSPOSE ? "reverse the axes, moving the batch axis" : "involve the batch axis")
                    + "; keras2j supports only operations that keep the batch axis first");
        }
        return v;
    }

    private List<Object> key(Object raw) {
        if (!(raw instanceof List<?> entries) || entries.isEmpty()) {
            throw refuse("the index " + raw + " is not supported");
        }
        List<Object> out = new ArrayList<>();
        for (Object e : entries) {
            if (e instanceof Number n) {
                out.add(new Index(true, n.longValue(), null, null, null));
            } else if (e instanceof Map<?, ?> m) {
                Long step = number(m.get("step"));
                if (step != null && step == 0) {
                    throw check("slice step cannot be zero");
                }
                out.add(new Index(false, 0, number(m.get("start")), number(m.get("stop")), step));
            } else if ("...".equals(e)) {
                if (out.contains(Marker.ELLIPSIS)) {
                    throw check("an index can only have a single ellipsis ('...')");
                }
                out.add(Marker.ELLIPSIS);
            } else if ("newaxis".equals(e)) {
                out.add(Marker.NEW_AXIS);
            } else {
                throw refuse("the index entry " + e + " is not supported");
            }
        }
        this.keyEntries = out;
        if (out.get(0) != Marker.ELLIPSIS) {
            checkBatchEntry(out.get(0)); // known now: only an ellipsis first defers it to the input's rank
        }
        return java.util.Collections.unmodifiableList(out);
    }

    private List<Object> keyEntries;

    private void checkBatchEntry(Object batch) {
        if (!(batch instanceof Index b) || b.drop() || b.start() != null || b.stop() != null
                || (b.step() != null && b.step() != 1)) {
            throw refuse("the index " + describeKey() + " " + (batch == Marker.NEW_AXIS ? "inserts an axis before"
                    : "selects along") + " the batch axis; keras2j supports only ':' there");
        }
    }

    /**
     * The index's entries for an input of {@code fullRank} axes (the batch axis's first), as NumPy and
     * TensorFlow read it: {@code ...} stands for the axes the other entries leave, missing trailing entries are
     * {@code :}, and new axes ({@link Marker#NEW_AXIS}) stay in place. The batch axis must be taken whole.
     */
    private List<Object> resolved(int fullRank) {
        long taking = key.stream().filter(e -> e instanceof Index).count();
        if (taking > fullRank) {
            throw check("the index has " + taking + " entries for a tensor of rank " + fullRank);
        }
        List<Object> out = new ArrayList<>();
        for (Object e : key) {
            if (e == Marker.ELLIPSIS) {
                for (long i = taking; i < fullRank; i++) {
                    out.add(ALL);
                }
            } else {
                out.add(e);
            }
        }
        if (!key.contains(Marker.ELLIPSIS)) {
            for (long i = taking; i < fullRank; i++) {
                out.add(ALL);
            }
        }
        checkBatchEntry(out.get(0));
        return out;
    }

    private String describeKey() {
        return keyEntries.stream().map(e -> e == Marker.ELLIPSIS ? "..." : e == Marker.NEW_AXIS ? "newaxis"
                : ((Index) e).drop() ? String.valueOf(((Index) e).index())
                : part(((Index) e).start()) + ":" + part(((Index) e).stop()) + (((Index) e).step() == null ? "" : ":" + ((Index) e).step()))
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    private static String part(Long v) {
        return v == null ? "" : v.toString();
    }

    private static Long number(Object o) {
        return o instanceof Number n ? n.longValue() : null;
    }

    public Kind kind() {
        return kind;
    }

    /** transpose's permutation of the full shape (batch axis 0 first). */
    public int[] permutation() {
        return ints.clone();
    }

    /** stack's axis in the output's full shape (batch axis 0), non-negative, for an output of {@code fullRank}. */
    public int stackAxis(int fullRank) {
        return Axes.resolve(ints, fullRank, this, "axis")[0];
    }

    /**
     * The index's entry for each axis of an input of {@code fullRank} axes (the batch axis's first), with
     * {@code ...} expanded; new axes are left out (they add axes of size 1, which the output shape has).
     */
    public List<Index> key(int fullRank) {
        List<Index> out = new ArrayList<>();
        for (Object e : resolved(fullRank)) {
            if (e instanceof Index ix) {
                out.add(ix);
            }
        }
        return out;
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        if (kind != Kind.STACK) {
            return super.outputShape(inputs);
        }
        if (inputs.isEmpty()) {
            throw check("stack needs at least one tensor");
        }
        for (Shape s : inputs) {
            if (!s.equals(inputs.get(0))) {
                throw check("stack needs tensors of one shape, got " + inputs.get(0).toKerasString() + " and "
                        + s.toKerasString());
            }
        }
        int[] in = inputs.get(0).dims();
        int axis = stackAxis(in.length + 2);
        if (axis == 0) {
            throw refuse("stack along axis 0 would create a new batch axis");
        }
        int[] out = new int[in.length + 1];
        for (int i = 0, j = 0; i < out.length; i++) {
            out[i] = i == axis - 1 ? inputs.size() : in[j++];
        }
        return Shape.of(out);
    }

    @Override
    protected Shape outputShape(Shape input) {
        int[] in = input.dims();
        return switch (kind) {
            case RESHAPE -> reshaped(input);
            case TRANSPOSE -> transposed(in);
            case EXPAND_DIMS -> expanded(in);
            case SQUEEZE -> squeezed(in);
            case GET_ITEM -> indexed(in);
            case STACK -> throw new IllegalStateException();
        };
    }

    private Shape reshaped(Shape input) {
        if (ints.length == 0 || ints[0] != -1) {
            throw refuse("newshape " + Arrays.toString(ints) + " does not keep a free batch axis first (-1);"
                    + " reshaping across examples is not supported");
        }
        int[] out = Arrays.copyOfRange(ints, 1, ints.length);
        long product = 1;
        for (int d : out) {
            if (d <= 0) {
                throw refuse("newshape " + Arrays.toString(ints) + " has an inferred or empty axis besides the batch axis");
            }
            product = Math.multiplyExact(product, d);
        }
        if (!input.isFullyKnown() || product != input.elementCount()) {
            throw check("cannot reshape " + input.toKerasString() + " to " + Arrays.toString(ints));
        }
        return Shape.of(out);
    }

    private Shape transposed(int[] in) {
        int rank = in.length + 1;
        int[] sorted = ints.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted.length != rank || sorted[i] != i) {
                throw check("axes " + Arrays.toString(ints) + " are not a permutation of " + rank + " axes");
            }
        }
        if (ints[0] != 0) {
            throw refuse("axes " + Arrays.toString(ints) + " move the batch axis");
        }
        int[] out = new int[in.length];
        for (int i = 1; i < rank; i++) {
            out[i - 1] = in[ints[i] - 1];
        }
        return Shape.of(out);
    }

    private Shape expanded(int[] in) {
        int rank = in.length + 1 + ints.length;
        int[] axes = Axes.resolve(ints, rank, this, "axis");
        if (axes[0] == 0) {
            throw refuse("axis " + Arrays.toString(ints) + " inserts an axis before the batch axis");
        }
        int[] out = new int[rank - 1];
        for (int i = 1, j = 0; i < rank; i++) {
            out[i - 1] = Arrays.binarySearch(axes, i) >= 0 ? 1 : in[j++];
        }
        return Shape.of(out);
    }

    private Shape squeezed(int[] in) {
        int[] axes = Axes.resolve(ints, in.length + 1, this, "axis");
        if (axes[0] == 0) {
            throw refuse("axis " + Arrays.toString(ints) + " squeezes the batch axis");
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i <= in.length; i++) {
            if (Arrays.binarySearch(axes, i) >= 0) {
                if (in[i - 1] != 1) {
                    throw check("cannot squeeze axis " + i + " of size " + in[i - 1]);
                }
            } else {
                out.add(in[i - 1]);
            }
        }
        return Shape.of(out.stream().mapToInt(Integer::intValue).toArray());
    }

    private Shape indexed(int[] in) {
        List<Integer> out = new ArrayList<>();
        int a = 0;
        for (Object e : resolved(in.length + 1)) {
            if (e == Marker.NEW_AXIS) {
                out.add(1);
                continue;
            }
            Index ix = (Index) e;
            if (a++ == 0) {
                continue; // the batch axis, taken whole
            }
            int size = in[a - 2];
            if (ix.equals(ALL)) {
                out.add(size);
                continue;
            }
            if (size == Shape.UNKNOWN) {
                throw refuse("indexing an axis of unknown size is not supported");
            }
            if (ix.drop()) {
                if (ix.index() < -size || ix.index() >= size) {
                    throw check("index " + ix.index() + " is out of range for axis " + (a - 1) + " of size " + size);
                }
            } else {
                out.add(sliceLength(ix, size));
            }
        }
        return Shape.of(out.stream().mapToInt(Integer::intValue).toArray());
    }

    /** {@code [start, step, count]} of a slice on an axis of {@code size}, as Python's {@code slice.indices}. */
    public static long[] slice(Index ix, int size) {
        long step = ix.step() == null ? 1 : ix.step();
        long lower = step < 0 ? -1 : 0;
        long upper = step < 0 ? size - 1 : size;
        long start = ix.start() == null ? (step < 0 ? upper : lower) : clamp(ix.start(), size, lower, upper);
        long stop = ix.stop() == null ? (step < 0 ? lower : upper) : clamp(ix.stop(), size, lower, upper);
        long count = step > 0 ? Math.max(0, (stop - start + step - 1) / step) : Math.max(0, (start - stop - step - 1) / -step);
        return new long[] {start, step, count};
    }

    private static long clamp(long v, int size, long lower, long upper) {
        if (v < 0) {
            v += size;
            return Math.max(v, lower);
        }
        return Math.min(v, upper);
    }

    private static int sliceLength(Index ix, int size) {
        return (int) slice(ix, size)[2];
    }
}
