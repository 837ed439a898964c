package dev.keras2j.export.dl4j;

/** Translates one layer of a spec class into DL4J nodes, exactly, or refuses it with {@link LayerStep#refuse}. */
@FunctionalInterface
interface Translation {
    void translate(LayerStep step);
}
