package dev.keras2j.plot;

import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.alg.layered.options.NodePlacementStrategy;
import org.eclipse.elk.alg.layered.options.OrderingStrategy;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.options.HierarchyHandling;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays a {@link LayerGraph} out with the Eclipse Layout Kernel's layered algorithm (a Sugiyama-style layout:
 * layers top to bottom, crossings minimized, orthogonal arrows), as Keras's plot_model does with Graphviz.
 * ELK's types stay in this class.
 */
final class ElkGraphLayout {
    /** Outside an OSGi container ELK finds its algorithms only when they are registered by hand. */
    private static final Object REGISTERED = register();
    private static final double GROUP_TITLE = 22;
    private static final double MARGIN = 16;
    /** Space left and right of a group's title inside its frame. */
    static final double TITLE_MARGIN = 10;

    private ElkGraphLayout() {
    }

    private static Object register() {
        LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
        return Boolean.TRUE;
    }

    static GraphLayout layout(LayerGraph graph) {
        if (REGISTERED == null) {
            throw new IllegalStateException("ELK not registered");
        }
        ElkNode root = ElkGraphUtil.createGraph();
        root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        root.setProperty(CoreOptions.DIRECTION, Direction.DOWN);
        root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
        root.setProperty(CoreOptions.HIERARCHY_HANDLING, HierarchyHandling.INCLUDE_CHILDREN);
        root.setProperty(CoreOptions.PADDING, new ElkPadding(MARGIN));
        root.setProperty(CoreOptions.SPACING_NODE_NODE, 28.0);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 36.0);
        root.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 14.0);
        root.setProperty(LayeredOptions.NODE_PLACEMENT_STRATEGY, NodePlacementStrategy.NETWORK_SIMPLEX);
        // Inputs left to right in Keras's order, branches in the order the model lists them.
        root.setProperty(LayeredOptions.CONSIDER_MODEL_ORDER_STRATEGY, OrderingStrategy.NODES_AND_EDGES);

        Map<String, ElkNode> groupNodes = new HashMap<>();
        Map<String, ElkNode> parentOf = new HashMap<>();
        // Groups come outer first, so a nested model's frame is made inside its parent's.
        for (LayerGraph.Group g : graph.groups()) {
            ElkNode frame = ElkGraphUtil.createNode(g.parent() == null ? root : groupNodes.get(g.parent()));
            frame.setProperty(CoreOptions.PADDING, new ElkPadding(GROUP_TITLE + 10, 12, 12, 12));
            groupNodes.put(g.id(), frame);
            for (String member : g.members()) {
                parentOf.put(member, frame);
            }
        }
        Map<String, ElkNode> nodes = new LinkedHashMap<>();
        Map<String, List<String>> texts = new HashMap<>();
        for (LayerGraph.Box b : graph.boxes()) {
            List<String> lines = BoxText.lines(b);
            ElkNode n = ElkGraphUtil.createNode(parentOf.getOrDefault(b.id(), root));
            n.setIdentifier(b.id());
            n.setDimensions(BoxText.width(lines), BoxText.height(lines));
            nodes.put(b.id(), n);
            texts.put(b.id(), lines);
        }
        List<ElkEdge> edges = new ArrayList<>();
        for (LayerGraph.Arrow a : graph.arrows()) {
            edges.add(ElkGraphUtil.createSimpleEdge(nodes.get(a.from()), nodes.get(a.to())));
        }

        layoutWithTitlesInside(root, graph, groupNodes);

        List<GraphLayout.PlacedBox> boxes = new ArrayList<>();
        for (LayerGraph.Box b : graph.boxes()) {
            ElkNode n = nodes.get(b.id());
            double[] at = absolute(n);
            boxes.add(new GraphLayout.PlacedBox(b, texts.get(b.id()), at[0], at[1], n.getWidth(), n.getHeight()));
        }
        List<GraphLayout.Path> paths = new ArrayList<>();
        for (ElkEdge e : edges) {
            double[] offset = absolute(e.getContainingNode());
            for (ElkEdgeSection s : e.getSections()) {
                int n = s.getBendPoints().size() + 2;
                double[] xs = new double[n];
                double[] ys = new double[n];
                xs[0] = s.getStartX() + offset[0];
                ys[0] = s.getStartY() + offset[1];
                int i = 1;
                for (ElkBendPoint p : s.getBendPoints()) {
                    xs[i] = p.getX() + offset[0];
                    ys[i] = p.getY() + offset[1];
                    i++;
                }
                xs[i] = s.getEndX() + offset[0];
                ys[i] = s.getEndY() + offset[1];
                paths.add(new GraphLayout.Path(xs, ys));
            }
        }
        List<GraphLayout.PlacedGroup> groups = new ArrayList<>();
        for (LayerGraph.Group g : graph.groups()) {
            ElkNode frame = groupNodes.get(g.id());
            double[] at = absolute(frame);
            groups.add(new GraphLayout.PlacedGroup(g, at[0], at[1], frame.getWidth(), frame.getHeight()));
        }
        return new GraphLayout(root.getWidth(), root.getHeight(), boxes, paths, groups);
    }

    /**
     * Lays out, then widens (by its right padding) each frame narrower than its title, and lays out again: ELK
     * sizes a compound node by its children alone. Widening an inner frame can widen the outer ones, so this
     * repeats, once per nesting level at most.
     */
    private static void layoutWithTitlesInside(ElkNode root, LayerGraph graph, Map<String, ElkNode> frames) {
        for (int pass = 0; pass <= graph.groups().size(); pass++) {
            new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());
            boolean widened = false;
            for (LayerGraph.Group g : graph.groups()) {
                ElkNode frame = frames.get(g.id());
                double missing = titleWidth(g) - frame.getWidth();
                if (missing > 0.5) {
                    ElkPadding p = frame.getProperty(CoreOptions.PADDING);
                    frame.setProperty(CoreOptions.PADDING,
                            new ElkPadding(p.getTop(), p.getRight() + Math.ceil(missing), p.getBottom(), p.getLeft()));
                    widened = true;
                }
            }
            if (!widened) {
                return;
            }
        }
    }

    /** The width a frame needs for its title (bold monospaced text, a margin on each side). */
    static double titleWidth(LayerGraph.Group g) {
        return g.title().length() * BoxText.ADVANCE + 2 * TITLE_MARGIN;
    }

    /** A node's top-left corner on the page: ELK places each node relative to its parent. */
    private static double[] absolute(ElkNode node) {
        double x = 0;
        double y = 0;
        for (ElkNode n = node; n != null && n.getParent() != null; n = n.getParent()) {
            x += n.getX();
            y += n.getY();
        }
        return new double[] {x, y};
    }
}
