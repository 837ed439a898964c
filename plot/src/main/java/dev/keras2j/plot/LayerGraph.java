package dev.keras2j.plot;

import dev.keras2j.model.CheckedLayer;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.InputSpec;
import dev.keras2j.model.LayerCall;
import dev.keras2j.model.ModelScope;
import dev.keras2j.model.Shape;
import dev.keras2j.model.TensorRef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
     * A nested model drawn as a group around its layers. A nested model called several times (a shared one)
     * is one group, as in Keras's {@code plot_model(expand_nested=True)}: its layers are shared too, and the
     * arrows of every call lead into and out of it.
     *
     * @param id        unique in the graph: the names of the nested models from the outermost, joined by '/'
     * @param name      the nested model's name
     * @param className its class ({@code Sequential}, {@code Functional})
     * @param calls     how many times the model that contains it calls it
     * @param parent    the id of the group it is nested in, or {@code null} for a model nested in the model itself
     * @param members   the ids of the boxes directly in it (not those of the groups inside it)
     */
    public record Group(String id, String name, String className, int calls, String parent, List<String> members) {
        /** Compact constructor: copies the list. */
        public Group {
            members = List.copyOf(members);
        }

        /** The group's title: its name and class, and how often it is called when more than once. */
        public String title() {
            return name + " (" + className + (calls > 1 ? ", called " + calls + " times" : "") + ")";
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
     * The nested models the layers came from ({@code LayerNode.scope()}), outer ones before those nested in
     * them, each with the layers directly in it.
     */
    private static List<Group> groups(CheckedModel model) {
        Map<String, ModelScope> scopes = new LinkedHashMap<>();
        Map<String, String> parents = new LinkedHashMap<>();
        Map<String, List<String>> members = new LinkedHashMap<>();
        for (CheckedLayer l : model.layers()) {
            String parent = null;
            String id = null;
            for (ModelScope s : l.node().scope()) {
                id = parent == null ? s.name() : parent + "/" + s.name();
                if (scopes.putIfAbsent(id, s) == null) {
                    parents.put(id, parent);
                    members.put(id, new ArrayList<>());
                }
                parent = id;
            }
            if (id != null) {
                members.get(id).add(l.name());
            }
        }
        List<Group> out = new ArrayList<>();
        for (Map.Entry<String, ModelScope> e : scopes.entrySet()) {
            ModelScope s = e.getValue();
            out.add(new Group(e.getKey(), s.name(), s.className(), s.calls(), parents.get(e.getKey()),
                    members.get(e.getKey())));
        }
        return out;
    }
}
