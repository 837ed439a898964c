package dev.keras2j.export.onnx;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.InputSpec;
import dev.keras2j.model.Shape;
import dev.keras2j.export.onnx.proto.Onnx.GraphProto;
import dev.keras2j.export.onnx.proto.Onnx.TensorProto;
import dev.keras2j.export.onnx.proto.Onnx.TensorShapeProto;
import dev.keras2j.export.onnx.proto.Onnx.TypeProto;
import dev.keras2j.export.onnx.proto.Onnx.ValueInfoProto;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks the checked model's graph: declares the model inputs, hands each layer (in evaluation order) the
 * ONNX values of its inbound tensors, and names the model outputs after Keras's. The only class that
 * knows how the model description links layers, so a change there stays here.
 */
final class ModelWalk {
    /** The symbolic name of the batch axis of every input and output. */
    static final String BATCH = "batch";

    private ModelWalk() {
    }

    static GraphProto.Builder graph(CheckedModel model, OnnxGraph g, TranslatorRegistry registry) {
        Translation t = new Translation(g, registry);
        Map<String, String> values = new HashMap<>();
        GraphProto.Builder proto = g.proto();
        for (InputSpec in : model.spec().inputs()) {
            g.reserve(in.name());
            int type = elemType(in.dtype());
            g.setElemType(in.name(), type);
            proto.addInput(valueInfo(in.name(), type, in.shape(), in.name()));
            values.put(in.name(), in.name());
        }
        // Output names are Keras's layer names: reserved before any layer's nodes take a name.
        List<String> outputNames = new ArrayList<>();
        for (String out : model.spec().outputs()) {
            String name = values.containsKey(out) || outputNames.contains(out) ? g.fresh(out) : out;
            if (name.equals(out)) {
                g.reserve(out);
            }
            outputNames.add(name);
        }
        for (CheckedLayer layer : model.layers()) {
            List<String> inputs = new ArrayList<>();
            for (String inbound : layer.node().inbound()) {
                inputs.add(values.get(inbound));
            }
            values.put(layer.name(), t.translate(layer, inputs));
        }
        for (int i = 0; i < outputNames.size(); i++) {
            String out = model.spec().outputs().get(i);
            String name = outputNames.get(i);
            g.node("Identity", List.of(values.get(out)), List.of(name));
            proto.addOutput(valueInfo(name, TensorProto.DataType.FLOAT_VALUE, model.layer(out).outputShape(), name));
        }
        return proto;
    }

    /** Token ids declared int32 or int64 stay integers; everything else is float32. */
    static int elemType(String dtype) {
        if ("int32".equals(dtype)) {
            return TensorProto.DataType.INT32_VALUE;
        }
        if ("int64".equals(dtype)) {
            return TensorProto.DataType.INT64_VALUE;
        }
        return TensorProto.DataType.FLOAT_VALUE;
    }

    private static ValueInfoProto valueInfo(String name, int type, Shape shape, String prefix) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        s.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        for (int i = 0; i < shape.rank(); i++) {
            int d = shape.dim(i);
            s.addDim(d == Shape.UNKNOWN ? TensorShapeProto.Dimension.newBuilder().setDimParam(prefix + "_dim" + (i + 1))
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type).setShape(s))).build();
    }
}
