package dev.keras2j.plot;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.InputSpec;
import dev.keras2j.model.LayerCall;
import dev.keras2j.model.Shape;
import dev.keras2j.model.TensorRef;

import java.util.ArrayList;
import java.util.List;

/**
 * What a picture of a model shows, independent of layout and drawing: one box per model input and per layer,
 * one arrow per connection, and the boxes of each nested model as a group.
 *
 * @param boxes  the inputs, then the layers in model order
 * @param arrows each connection from the box producing a value to a box reading it
 * @param groups the nested models, each with the ids of its boxes (empty when the model has none)
 */
public record LayerGraph(List<Box> boxes, List<Arrow> arrows, List<Group> groups) {
    /** Compact constructor: copies the lists. */
    public LayerGraph {
        boxes = List.copyOf(boxes);
        arrows = List.copyOf(arrows);
        groups = List.copyOf(groups);
    }

    /** What kind of box: its colour in the picture. */
    public enum Kind {
        /** A model input. */
        INPUT,
        /** A layer keras2j runs. */
        LAYER,
        /** A layer keras2j refuses to run; the box says why. */
        REFUSED
    }

    /**
     * One box.
     *
     * @param id          unique in the graph (the layer or input name)
     * @param name        the layer or input name
     * @param className   the Keras class ({@code InputLayer} for an input)
     * @param outputShape the output shape in Keras's notation, e.g. {@code (None, 10)}
     * @param params      the parameter count
     * @param calls       how many times the layer is called (a shared layer: more than once)
     * @param kind        input, layer or refused layer
     * @param reason      why a refused layer is refused, else {@code null}
     * @param output      the model output index this box produces, or -1
     */
    public record Box(String id, String name, String className, String outputShape, long params, int calls, Kind kind,
                      String reason, int output) {
    }

    /**
     * A connection: the value {@code from} produces is read by {@code to}.
     *
     * @param from the producing box's id
     * @param to   the reading box's id
     */
    public record Arrow(String from, String to) {
    }

    /**
     * A nested model drawn as a group around its layers.
     *
     * @param name      the nested model's name
     * @param className its class ({@code Sequential}, {@code Functional})
     * @param members   the ids of its boxes
     */
    public record Group(String name, String className, List<String> members) {
        /** Compact constructor: copies the list. */
        public Group {
            members = List.copyOf(members);
        }
    }

    /** The graph of a checked model: its inputs, layers, connections and nested models. */
    public static LayerGraph of(CheckedModel model) {
        List<TensorRef> outputs = model.spec().outputs();
        List<Box> boxes = new ArrayList<>();
        for (InputSpec in : model.spec().inputs()) {
            boxes.add(new Box(in.name(), in.name(), "InputLayer", in.shape().toKerasString(), 0, 1, Kind.INPUT, null,
                    outputIndex(outputs, in.name())));
        }
        List<Arrow> arrows = new ArrayList<>();
        for (CheckedLayer l : model.layers()) {
            String reason = l.spec().unsupportedReason();
            boxes.add(new Box(l.name(), l.name(), l.spec().className(), shapes(l.outputShapes()), l.params(),
                    l.callCount(), reason == null ? Kind.LAYER : Kind.REFUSED, reason, outputIndex(outputs, l.name())));
            // A shared layer is one box (as in plot_model) with the arrows of all its calls.
            for (LayerCall call : l.node().calls()) {
                for (TensorRef from : call.inputs()) {
                    Arrow a = new Arrow(from.layer(), l.name());
                    // A merge reading the same value twice (x + x) is still one connection in the picture.
                    if (!arrows.contains(a)) {
                        arrows.add(a);
                    }
                }
            }
        }
        return new LayerGraph(boxes, arrows, groups(model));
    }

    /** The first model output a layer or input produces, or -1. */
    private static int outputIndex(List<TensorRef> outputs, String name) {
        for (int i = 0; i < outputs.size(); i++) {
            if (outputs.get(i).layer().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String shapes(List<Shape> shapes) {
        if (shapes.size() == 1) {
            return shapes.get(0).toKerasString();
        }
        return "[" + String.join(", ", shapes.stream().map(Shape::toKerasString).toList()) + "]";
    }

    /**
     * The nested models the description records, with their layers. The checked description flattens a
     * nested model into its layers and does not yet keep which model they came from, so this is empty.
     */
    private static List<Group> groups(CheckedModel model) {
        return List.of();
    }
}
