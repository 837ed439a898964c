package dev.keras2j.export.onnx;

import dev.keras2j.export.onnx.proto.Onnx.GraphProto;
import dev.keras2j.export.onnx.proto.Onnx.ModelProto;
import dev.keras2j.export.onnx.proto.Onnx.NodeProto;
import dev.keras2j.export.onnx.proto.Onnx.TensorProto;
import dev.keras2j.export.onnx.proto.Onnx.ValueInfoProto;

import java.util.HashSet;
import java.util.Set;

/**
 * The structural rules of ONNX's checker that an exporter bug could break, checked on every export: each
 * node reads only values defined before it (graph inputs, initializers, earlier outputs), every value is
 * defined once, every graph output is produced, every input and output is typed, and every initializer
 * has a type and data matching its shape.
 */
final class OnnxStructure {
    private OnnxStructure() {
    }

    /** @throws IllegalStateException naming the first broken rule */
    static void check(ModelProto model) {
        GraphProto g = model.getGraph();
        Set<String> defined = new HashSet<>();
        for (ValueInfoProto in : g.getInputList()) {
            typed(in);
            define(defined, in.getName());
        }
        for (TensorProto t : g.getInitializerList()) {
            if (t.getDataType() == TensorProto.DataType.UNDEFINED_VALUE) {
                throw new IllegalStateException("initializer " + t.getName() + " has no data type");
            }
            long n = 1;
            for (long d : t.getDimsList()) {
                n *= d;
            }
            int width = t.getDataType() == TensorProto.DataType.INT64_VALUE ? 8 : 4;
            if (t.getDataLocation() != TensorProto.DataLocation.EXTERNAL && t.getRawData().size() != n * width) {
                throw new IllegalStateException("initializer " + t.getName() + " holds " + t.getRawData().size()
                        + " bytes for " + n + " elements");
            }
            define(defined, t.getName());
        }
        for (NodeProto n : g.getNodeList()) {
            for (String in : n.getInputList()) {
                if (!in.isEmpty() && !defined.contains(in)) {
                    throw new IllegalStateException(n.getOpType() + " node " + n.getName() + " reads '" + in
                            + "', which nothing before it defines");
                }
            }
            for (String out : n.getOutputList()) {
                if (!out.isEmpty()) {
                    define(defined, out);
                }
            }
        }
        for (ValueInfoProto out : g.getOutputList()) {
            typed(out);
            if (!defined.contains(out.getName())) {
                throw new IllegalStateException("graph output '" + out.getName() + "' is never produced");
            }
        }
    }

    private static void define(Set<String> defined, String name) {
        if (!defined.add(name)) {
            throw new IllegalStateException("value '" + name + "' is defined twice");
        }
    }

    private static void typed(ValueInfoProto v) {
        if (!v.getType().hasTensorType() || v.getType().getTensorType().getElemType() == 0) {
            throw new IllegalStateException("graph input or output '" + v.getName() + "' has no tensor type");
        }
    }
}
