package dev.keras2j.model;

import java.util.List;

/**
 * A layer placed in the model graph: its spec and the names of the layers or model inputs it reads.
 */
public record LayerNode(LayerSpec spec, List<String> inbound) {
    public LayerNode {
        inbound = List.copyOf(inbound);
    }

    public String name() {
        return spec.name();
    }
}
