package dev.keras2j.export.onnx;

import dev.keras2j.export.onnx.proto.Onnx.GraphProto;
import dev.keras2j.export.onnx.proto.Onnx.TensorProto;
import dev.keras2j.export.onnx.proto.Onnx.TensorShapeProto;
import dev.keras2j.export.onnx.proto.Onnx.TypeProto;
import dev.keras2j.export.onnx.proto.Onnx.ValueInfoProto;
import dev.keras2j.model.CheckedCall;
import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.InputSpec;
import dev.keras2j.model.LayerNode;
import dev.keras2j.model.Shape;
import dev.keras2j.model.TensorRef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks the checked model's graph: declares the model inputs, hands each layer call (in evaluation order)
 * the ONNX values of the tensors it reads, and names the model outputs after Keras's. A layer called at
 * several places (a shared layer) is translated once per call, every call reading the same weight
 * initializers. The only class that knows how the model description links layers, so a change there stays
 * here.
 */
final class ModelWalk {
    /** The symbolic name of the batch axis of every input and output. */
    static final String BATCH = "batch";

    private ModelWalk() {
    }

    static GraphProto.Builder graph(CheckedModel model, OnnxGraph g, TranslatorRegistry registry) {
        Translation t = new Translation(g, registry);
        Map<TensorRef, String> values = new HashMap<>();
        GraphProto.Builder proto = g.proto();
        for (InputSpec in : model.spec().inputs()) {
            g.reserve(in.name());
            int type = elemType(in.dtype());
            g.setElemType(in.name(), type);
            proto.addInput(valueInfo(in.name(), type, in.shape(), in.name()));
            values.put(TensorRef.of(in.name()), in.name());
        }
        // Output names are Keras's tensor names: reserved before any layer's nodes take a name.
        List<String> outputNames = new ArrayList<>();
        for (TensorRef out : model.spec().outputs()) {
            String key = out.key();
            String name = values.containsKey(out) || outputNames.contains(key) ? g.fresh(key) : key;
            if (name.equals(key)) {
                g.reserve(key);
            }
            outputNames.add(name);
        }
        for (CheckedModel.Step step : model.steps()) {
            List<String> inputs = new ArrayList<>();
            for (TensorRef ref : step.call().call().inputs()) {
                inputs.add(values.get(ref));
            }
            List<String> outs = t.translate(oneCall(step.layer(), step.call()), inputs);
            for (int i = 0; i < outs.size(); i++) {
                values.put(step.output(i), outs.get(i));
            }
        }
        for (int i = 0; i < outputNames.size(); i++) {
            TensorRef out = model.spec().outputs().get(i);
            String name = outputNames.get(i);
            g.node("Identity", List.of(values.get(out)), List.of(name));
            proto.addOutput(valueInfo(name, TensorProto.DataType.FLOAT_VALUE, model.shape(out), name));
        }
        return proto;
    }

    /** The layer seen through one of its calls: that call's shapes, the layer's (shared) weights. */
    private static CheckedLayer oneCall(CheckedLayer layer, CheckedCall call) {
        if (layer.callCount() == 1) {
            return layer;
        }
        LayerNode node = LayerNode.called(layer.spec(), List.of(call.call()));
        return new CheckedLayer(node, List.of(new CheckedCall(0, call.call(), call.inputShapes(), call.outputShapes())),
                layer.weights());
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
