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
        java.util.Set<String> grouped = new java.util.HashSet<>();
        int cluster = 0;
        for (LayerGraph.Group g : graph.groups()) {
            s.append("  subgraph cluster_").append(cluster++).append(" {\n");
            s.append("    label=").append(quote(g.name() + " (" + g.className() + ")")).append("; style=dashed;\n");
            for (LayerGraph.Box b : graph.boxes()) {
                if (g.members().contains(b.id())) {
                    s.append("    ").append(node(b)).append('\n');
                    grouped.add(b.id());
                }
            }
            s.append("  }\n");
        }
        for (LayerGraph.Box b : graph.boxes()) {
            if (!grouped.contains(b.id())) {
                s.append("  ").append(node(b)).append('\n');
            }
        }
        for (LayerGraph.Arrow a : graph.arrows()) {
            s.append("  ").append(quote(a.from())).append(" -> ").append(quote(a.to())).append(";\n");
        }
        return s.append("}\n").toString();
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
