package dev.keras2j.container;

import dev.keras2j.model.NdArray;

import java.util.List;

/**
 * The reads of an HDF5 file that Keras's layouts need, over a node type {@code N} (a group or a dataset),
 * so one reading of a Keras layout serves both {@link Hdf5Container} (jhdf, any HDF5 file) and
 * {@link SymbolTableHdf5} (the h5py default subset, much less work per node).
 *
 * @param <N> the reader's node type
 */
public interface Hdf5Tree<N> {
    /** The file or entry name used in messages. */
    String label();

    /** The root group. */
    N root();

    /** The child group {@code name} of {@code parent}, or {@code null} when absent or not a group. */
    N group(N parent, String name);

    /** The node at a slash-separated path below {@code parent}, or {@code null}. */
    N child(N parent, String path);

    /** Whether the node is a dataset. */
    boolean isDataset(N node);

    /** Whether the node has the attribute (or its split form {@code name0}). */
    boolean hasAttribute(N node, String name);

    /** A string attribute, or {@code null} when absent. */
    String stringAttribute(N node, String name);

    /**
     * A list of strings from an attribute, joined from its split form {@code name0}, {@code name1}, ...
     * when Keras had to split it; {@code null} when neither form is present.
     */
    List<String> stringListAttribute(N node, String name);

    /** Reads a dataset of floats or integers as float32 values. */
    NdArray readFloats(N dataset);
}
