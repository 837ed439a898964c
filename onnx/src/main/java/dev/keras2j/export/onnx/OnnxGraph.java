package dev.keras2j.export.onnx;

import com.google.protobuf.ByteString;
import dev.keras2j.model.NdArray;
import dev.keras2j.export.onnx.proto.Onnx.AttributeProto;
import dev.keras2j.export.onnx.proto.Onnx.GraphProto;
import dev.keras2j.export.onnx.proto.Onnx.NodeProto;
import dev.keras2j.export.onnx.proto.Onnx.TensorProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ONNX graph under construction: nodes in evaluation order, weights as initializers (each Keras array
 * stored once, however many nodes read it), fresh value names, and the few node patterns every translator
 * needs (transposes, reductions whose axes moved from attribute to input at opset 18). Values are
 * float32 unless {@link #elemType} says otherwise.
 */
final class OnnxGraph {
    private final int opset;
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> names = new HashSet<>();
    private final Map<NdArray, String> stored = new IdentityHashMap<>();
    private final Map<String, Integer> elemTypes = new HashMap<>();
    private long initializerBytes;

    OnnxGraph(int opset) {
        this.opset = opset;
    }

    int opset() {
        return opset;
    }

    GraphProto.Builder proto() {
        return graph;
    }

    long initializerBytes() {
        return initializerBytes;
    }

    /** A value name not used before, made from {@code hint} (a layer name and a suffix). */
    String fresh(String hint) {
        String base = hint.isEmpty() ? "v" : hint;
        String name = base;
        for (int i = 1; !names.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    /** Reserves a name that must appear exactly as given (a graph input or output). */
    void reserve(String name) {
        if (!names.add(name)) {
            throw new IllegalStateException("value name '" + name + "' is used twice");
        }
    }

    /** The element type of a value ({@link TensorProto.DataType} number): float unless recorded. */
    int elemType(String value) {
        return elemTypes.getOrDefault(value, TensorProto.DataType.FLOAT_VALUE);
    }

    void setElemType(String value, int type) {
        elemTypes.put(value, type);
    }

    /** Adds a node with one output and returns the output's name. */
    String op(String opType, String hint, List<String> inputs, AttributeProto... attributes) {
        String out = fresh(hint);
        node(opType, inputs, List.of(out), attributes);
        return out;
    }

    /** Adds a node with the given outputs (an empty string marks an omitted optional input or output). */
    void node(String opType, List<String> inputs, List<String> outputs, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(fresh("node_" + outputs.get(0)))
                .addAllInput(inputs).addAllOutput(outputs);
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
    }

    /** The Keras array as a float initializer, stored once however often it is asked for. */
    String weight(String hint, NdArray array) {
        String known = stored.get(array);
        if (known != null) {
            return known;
        }
        String name = floats(hint, array.data(), toLongs(array.shape()));
        stored.put(array, name);
        return name;
    }

    /**
     * The Keras array as a float initializer of another shape with the same row-major elements (a kernel
     * {@code [in, heads, dim]} as the matrix {@code [in, heads * dim]}), stored once however often it is asked for.
     */
    String weight(String hint, NdArray array, long... dims) {
        String known = stored.get(array);
        if (known != null) {
            return known;
        }
        if (Arrays.stream(dims).reduce(1, Math::multiplyExact) != array.data().length) {
            throw new IllegalArgumentException(hint + ": " + array.data().length + " elements do not fill "
                    + Arrays.toString(dims));
        }
        String name = floats(hint, array.data(), dims);
        stored.put(array, name);
        return name;
    }

    /** A float initializer of the given shape. */
    String floats(String hint, float[] data, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        return tensor(hint, TensorProto.DataType.FLOAT_VALUE, ByteString.copyFrom(b.array()), dims);
    }

    /** A one-element float constant of rank 0. */
    String scalar(String hint, double value) {
        return floats(hint, new float[] {(float) value});
    }

    /** A 1-D int64 constant (shapes, axes, pads, slice bounds). */
    String ints(String hint, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return tensor(hint, TensorProto.DataType.INT64_VALUE, ByteString.copyFrom(b.array()), values.length);
    }

    /** A rank-0 int64 constant (a Gather index that drops its axis). */
    String intScalar(String hint, long value) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(value);
        return tensor(hint, TensorProto.DataType.INT64_VALUE, ByteString.copyFrom(b.array()));
    }

    private String tensor(String hint, int type, ByteString raw, long... dims) {
        String name = fresh(hint);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(type)
                .addAllDims(Arrays.stream(dims).boxed().toList()).setRawData(raw));
        initializerBytes += raw.size();
        setElemType(name, type);
        return name;
    }

    // ---- node patterns ----

    String transpose(String x, String hint, int... perm) {
        return op("Transpose", hint, List.of(x), intsAttr("perm", perm));
    }

    String unsqueeze(String x, String hint, long... axes) {
        return op("Unsqueeze", hint, List.of(x, ints(hint + "_axes", axes)));
    }

    String squeeze(String x, String hint, long... axes) {
        return op("Squeeze", hint, List.of(x, ints(hint + "_axes", axes)));
    }

    String reshape(String x, String hint, long... shape) {
        return op("Reshape", hint, List.of(x, ints(hint + "_shape", shape)));
    }

    /** {@code ReduceSum/Mean/Max/...} over {@code axes}: an input from opset 18 (ReduceSum from 13), an attribute before. */
    String reduce(String opType, String x, String hint, boolean keepDims, long... axes) {
        boolean axesInput = opType.equals("ReduceSum") || opset >= 18;
        AttributeProto keep = attr("keepdims", keepDims ? 1 : 0);
        if (axesInput) {
            return op(opType, hint, List.of(x, ints(hint + "_axes", axes)), keep);
        }
        return op(opType, hint, List.of(x), keep, intsAttr("axes", axes));
    }

    /** Binary element-wise operation with a float constant operand on the right. */
    String withScalar(String opType, String x, double value, String hint) {
        return op(opType, hint, List.of(x, scalar(hint + "_c", value)));
    }

    // ---- attributes ----

    static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto attr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    static AttributeProto attr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    static AttributeProto intsAttr(String name, long... values) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS)
                .addAllInts(Arrays.stream(values).boxed().toList()).build();
    }

    static AttributeProto intsAttr(String name, int... values) {
        return intsAttr(name, Arrays.stream(values).asLongStream().toArray());
    }

    static AttributeProto floatsAttr(String name, float... values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS);
        for (float v : values) {
            b.addFloats(v);
        }
        return b.build();
    }

    static AttributeProto stringsAttr(String name, String... values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS);
        for (String v : values) {
            b.addStrings(ByteString.copyFromUtf8(v));
        }
        return b.build();
    }

    static long[] toLongs(int[] values) {
        return Arrays.stream(values).asLongStream().toArray();
    }
}
