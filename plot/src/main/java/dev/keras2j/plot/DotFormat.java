package dev.keras2j.plot;

import java.util.List;

/** A {@link LayerGraph} as Graphviz dot text, for {@code dot -Tsvg} or other Graphviz tools. */
final class DotFormat {
    private DotFormat() {
    }

    static String of(LayerGraph graph, String title) {
        StringBuilder s = new StringBuilder();
        s.append("digraph ").append(quote(title)).append(" {\n");
        s.append("  rankdir=TB;\n");
        s.append("  node [shape=box, style=\"rounded,filled\", fontname=\"monospace\", fontsize=11];\n");
        s.append("  edge [color=\"#7b8794\"];\n");
        for (LayerGraph.Box b : graph.boxes()) {
            if (graph.groups().stream().noneMatch(g -> g.members().contains(b.id()))) {
                s.append("  ").append(node(b)).append('\n');
            }
        }
        int[] cluster = {0};
        for (LayerGraph.Group g : graph.groups()) {
            if (g.parent() == null) {
                cluster(graph, g, "  ", cluster, s);
            }
        }
        for (LayerGraph.Arrow a : graph.arrows()) {
            s.append("  ").append(quote(a.from())).append(" -> ").append(quote(a.to())).append(";\n");
        }
        return s.append("}\n").toString();
    }

    /** A nested model as a dashed cluster holding its boxes and the clusters of the models nested in it. */
    private static void cluster(LayerGraph graph, LayerGraph.Group g, String indent, int[] counter, StringBuilder s) {
        s.append(indent).append("subgraph cluster_").append(counter[0]++).append(" {\n");
        s.append(indent).append("  label=").append(quote(g.title())).append("; labeljust=l; style=dashed;\n");
        for (LayerGraph.Box b : graph.boxes()) {
            if (g.members().contains(b.id())) {
                s.append(indent).append("  ").append(node(b)).append('\n');
            }
        }
        for (LayerGraph.Group inner : graph.groups()) {
            if (g.id().equals(inner.parent())) {
                cluster(graph, inner, indent + "  ", counter, s);
            }
        }
        s.append(indent).append("}\n");
    }

    private static String node(LayerGraph.Box b) {
        List<String> lines = BoxText.lines(b);
        String label = String.join("\n", lines);
        String colours = switch (b.kind()) {
            case INPUT -> "fillcolor=\"#e6f4ea\", color=\"#3c8f50\"";
            case REFUSED -> "fillcolor=\"#fde8e6\", color=\"#c0392b\"";
            case LAYER -> "fillcolor=\"#e8f1fb\", color=\"#3d6fb4\"";
        };
        return quote(b.id()) + " [label=" + quote(label) + ", " + colours
                + (b.output() >= 0 ? ", penwidth=2.5" : "") + "];";
    }

    /** A dot ID in double quotes: backslashes and quotes escaped, newlines as dot's centred line break. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
