package dev.keras2j.container;

import dev.keras2j.model.ModelFormatException;
import dev.keras2j.model.NdArray;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An open HDF5 file with the few reads Keras files need: string attributes (also in the split form
 * {@code name0}, {@code name1}, ... Keras uses for long lists) and float datasets, each checked against
 * the real file size before anything is allocated. Every jhdf failure becomes a
 * {@link ModelFormatException} naming the file.
 */
public final class Hdf5Container implements Hdf5Tree<Node>, AutoCloseable {
    /** Deflate cannot expand data by more than about 1032:1, so a larger claim is a corrupt header. */
    private static final long MAX_COMPRESSION_RATIO = 1100;

    static {
        BoundedDeflate.install();
    }

    private final HdfFile hdf;
    private final String label;
    private final long fileSize;

    private Hdf5Container(HdfFile hdf, String label, long fileSize) {
        this.hdf = hdf;
        this.label = label;
        this.fileSize = fileSize;
        long declaredEnd;
        try {
            var sb = hdf.getHdfBackingStorage().getSuperblock();
            declaredEnd = sb.getBaseAddressByte() + sb.getEndOfFileAddress();
        } catch (RuntimeException e) {
            hdf.close();
            throw e;
        }
        // h5py refuses such a file too: its end lies past the real end, so the tail was cut off.
        if (declaredEnd > fileSize) {
            hdf.close();
            throw new ModelFormatException(label + ": truncated HDF5 file: it declares " + declaredEnd
                    + " bytes but has " + fileSize);
        }
    }

    /** Opens an HDF5 file on disk. */
    public static Hdf5Container open(Path file) {
        try {
            long size = Files.size(file);
            if (size > 0 && size <= Integer.MAX_VALUE) {
                // One mapping of the whole file: jhdf then slices it for every header, heap and dataset
                // instead of issuing a read or map system call (and a temporary buffer) per structure.
                java.nio.MappedByteBuffer mapped;
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
                }
                return new Hdf5Container(HdfFile.fromByteBuffer(mapped), file.toString(), size);
            }
            return new Hdf5Container(new HdfFile(file), file.toString(), size);
        } catch (ModelFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ModelFormatException(file + ": not a readable HDF5 file (truncated or corrupt?): " + describe(e), e);
        }
    }

    /**
     * Opens HDF5 bytes in a buffer (a memory-mapped stored archive entry); {@code label} names them in
     * messages.
     */
    public static Hdf5Container fromBuffer(java.nio.ByteBuffer buffer, String label) {
        try {
            return new Hdf5Container(HdfFile.fromByteBuffer(buffer), label, buffer.capacity());
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFormatException(label + ": not a readable HDF5 file (truncated or corrupt?): " + describe(e), e);
        }
    }

    /** Opens HDF5 bytes held in memory (an archive entry); {@code label} names them in messages. */
    public static Hdf5Container fromBytes(byte[] bytes, String label) {
        try {
            return new Hdf5Container(HdfFile.fromBytes(bytes), label, bytes.length);
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFormatException(label + ": not a readable HDF5 file (truncated or corrupt?): " + describe(e), e);
        }
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public Group root() {
        return hdf;
    }

    @Override
    public Group group(Node parent, String name) {
        Node n = child(parent, name);
        return n instanceof Group g ? g : null;
    }

    @Override
    public Node child(Node parent, String path) {
        try {
            if (!(parent instanceof Group g)) {
                return null;
            }
            String[] parts = path.split("/");
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].isEmpty()) {
                    continue;
                }
                Node n = g.getChildren().get(parts[i]);
                if (n == null) {
                    return null;
                }
                if (i == parts.length - 1) {
                    return n;
                }
                if (!(n instanceof Group next)) {
                    return null;
                }
                g = next;
            }
            return g;
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw corrupt(e);
        }
    }

    /** The names of a group's children in the file's order. */
    public List<String> childNames(Group g) {
        try {
            return new ArrayList<>(g.getChildren().keySet());
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw corrupt(e);
        }
    }

    /** Whether the group at {@code path} (from the root) exists. */
    public boolean hasGroup(String path) {
        return group(root(), path) != null;
    }

    /**
     * Every numeric dataset below the group at {@code path} (from the root) read as float32 arrays, nested
     * groups flattened to {@code a/b} names in the file's order, or {@code null} when there is no such group.
     */
    public java.util.Map<String, NdArray> numbersBelow(String path) {
        Group g = group(root(), path);
        if (g == null) {
            return null;
        }
        java.util.Map<String, NdArray> out = new java.util.LinkedHashMap<>();
        datasetsBelow(g).forEach((name, node) -> out.put(name, readNumbers(node)));
        return out;
    }

    /** The node's address in the file: the same for every path that hard-links to it. */
    public long address(Node node) {
        try {
            return node.getAddress();
        } catch (RuntimeException e) {
            throw corrupt(e);
        }
    }

    /**
     * Every dataset below {@code group}, nested groups flattened to {@code a/b} names, in the file's order. A
     * group reached twice (a hard link back up the tree) or nested deeper than {@link
     * dev.keras2j.model.Limits#HDF5_DEPTH} is refused.
     */
    public java.util.Map<String, Node> datasetsBelow(Group group) {
        java.util.Map<String, Node> out = new java.util.LinkedHashMap<>();
        walk(group, "", out, new java.util.HashSet<>(), 0);
        return out;
    }

    private void walk(Group group, String prefix, java.util.Map<String, Node> out, java.util.Set<Long> visited, int depth) {
        long maxDepth = dev.keras2j.model.Limits.HDF5_DEPTH.value();
        if (!visited.add(address(group))) {
            throw new ModelFormatException(label + ": refused: " + group.getPath()
                    + " links back to a group already read (a cycle in the HDF5 group structure)");
        }
        if (depth > maxDepth) {
            throw new ModelFormatException(label + ": refused: " + group.getPath() + " is nested more than "
                    + maxDepth + " groups deep; " + dev.keras2j.model.Limits.HDF5_DEPTH.hint());
        }
        for (String name : childNames(group)) {
            Node child = child(group, name);
            if (child instanceof Dataset) {
                out.put(prefix + name, child);
            } else if (child instanceof Group g) {
                walk(g, prefix + name + "/", out, visited, depth + 1);
            }
        }
    }

    @Override
    public boolean isDataset(Node node) {
        return node instanceof Dataset;
    }

    @Override
    public boolean hasAttribute(Node node, String name) {
        try {
            return node.getAttribute(name) != null || node.getAttribute(name + "0") != null;
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw corrupt(e);
        }
    }

    /**
     * A string attribute (stored as a variable-length string, a fixed-length string or bytes), or
     * {@code null} when absent.
     */
    @Override
    public String stringAttribute(Node node, String name) {
        try {
            Attribute a = node.getAttribute(name);
            if (a == null) {
                return null;
            }
            checkAttributeSize(a, node, name);
            Object data = a.getData();
            if (data instanceof String s) {
                return checkedLength(s, node, name);
            }
            if (data != null && data.getClass().isArray() && Array.getLength(data) == 1 && Array.get(data, 0) instanceof String s) {
                return checkedLength(s, node, name);
            }
            if (data instanceof byte[] b) {
                return checkedLength(new String(b, java.nio.charset.StandardCharsets.UTF_8), node, name);
            }
            throw new ModelFormatException(label + ": attribute '" + name + "' of " + node.getPath() + " is not a string");
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw corrupt(e);
        }
    }

    /**
     * A list of strings from an attribute such as {@code layer_names} or {@code weight_names}; Keras
     * splits a list too large for one attribute into {@code name0}, {@code name1}, ... Returns
     * {@code null} when neither form is present.
     */
    @Override
    public List<String> stringListAttribute(Node node, String name) {
        try {
            Attribute whole = node.getAttribute(name);
            if (whole != null) {
                return strings(whole, node, name);
            }
            if (node.getAttribute(name + "0") == null) {
                return null;
            }
            List<String> out = new ArrayList<>();
            for (int chunk = 0; ; chunk++) {
                Attribute part = node.getAttribute(name + chunk);
                if (part == null) {
                    return out;
                }
                out.addAll(strings(part, node, name + chunk));
            }
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw corrupt(e);
        }
    }

    /**
     * Refuses an attribute whose declared size cannot fit in the file or exceeds the attribute limit, before
     * jhdf allocates its data.
     */
    private void checkAttributeSize(Attribute a, Node node, String name) {
        long limit = Math.min(fileSize, dev.keras2j.model.Limits.ATTRIBUTE_BYTES.value());
        long elements = a.getSize();
        long bytes = a.getSizeInBytes();
        if (elements < 0 || bytes < 0 || elements > limit || bytes > limit) {
            throw new ModelFormatException(label + ": attribute '" + name + "' of " + node.getPath() + " declares "
                    + elements + " elements (" + bytes + " bytes), impossible in a file of " + fileSize
                    + " bytes or above the limit; " + dev.keras2j.model.Limits.ATTRIBUTE_BYTES.hint());
        }
    }

    private String checkedLength(String s, Node node, String name) {
        long limit = dev.keras2j.model.Limits.ATTRIBUTE_BYTES.value();
        if (s.length() > limit) {
            throw new ModelFormatException(label + ": attribute '" + name + "' of " + node.getPath() + " holds "
                    + s.length() + " characters; " + dev.keras2j.model.Limits.ATTRIBUTE_BYTES.hint());
        }
        return s;
    }

    private List<String> strings(Attribute a, Node node, String name) {
        if (a.isEmpty()) {
            return new ArrayList<>();
        }
        checkAttributeSize(a, node, name);
        Object data = a.getData();
        List<String> out = new ArrayList<>();
        if (data instanceof String s) {
            out.add(s);
            return out;
        }
        if (data != null && data.getClass().isArray()) {
            int n = Array.getLength(data);
            for (int i = 0; i < n; i++) {
                Object e = Array.get(data, i);
                if (e instanceof String s) {
                    out.add(s);
                } else if (e instanceof byte[] b) {
                    out.add(new String(b, java.nio.charset.StandardCharsets.UTF_8));
                } else if (n == 0) {
                    break;
                } else {
                    throw new ModelFormatException(label + ": attribute '" + name + "' of " + node.getPath()
                            + " is not a list of strings");
                }
            }
            return out;
        }
        throw new ModelFormatException(label + ": attribute '" + name + "' of " + node.getPath() + " is not a list of strings");
    }

    @Override
    public NdArray readFloats(Node node) {
        if (!(node instanceof Dataset ds)) {
            throw new ModelFormatException(label + ": " + node.getPath() + " is not a dataset");
        }
        return readFloats(ds);
    }

    /**
     * Reads a float dataset into a float32 array. The declared size is checked against the file size
     * before reading, so a corrupt header cannot make keras2j allocate gigabytes.
     */
    public NdArray readFloats(Dataset ds) {
        return read(ds, false);
    }

    /**
     * Reads a numeric dataset of any integer, float or boolean type as float32 values (reference arrays),
     * with the same checks as {@link #readFloats(Dataset)}.
     */
    public NdArray readNumbers(Node node) {
        if (!(node instanceof Dataset ds)) {
            throw new ModelFormatException(label + ": " + node.getPath() + " is not a dataset");
        }
        return read(ds, true);
    }

    private NdArray read(Dataset ds, boolean anyNumber) {
        String where = label + ": dataset " + ds.getPath();
        try {
            int[] dims = ds.isScalar() ? new int[0] : ds.getDimensions();
            long count;
            try {
                count = NdArray.elementCount(dims);
            } catch (RuntimeException e) {
                throw new ModelFormatException(where + " declares an invalid shape " + java.util.Arrays.toString(dims));
            }
            Class<?> type = unboxed(ds.getJavaType()); // scalar datasets report boxed types
            // Integer weights exist too (Normalization's int64 count); they are read as floats.
            boolean other = anyNumber && (type == short.class || type == byte.class || type == boolean.class);
            if (type != float.class && type != double.class && type != long.class && type != int.class && !other) {
                throw new ModelFormatException(where + " holds " + type.getSimpleName()
                        + " values, expected float32, float64 or integer weights");
            }
            int itemBytes = type == double.class || type == long.class ? 8
                    : type == short.class ? 2 : type == byte.class || type == boolean.class ? 1 : 4;
            long bytes = count * itemBytes;
            boolean filtered = false;
            for (var f : ds.getFilters()) {
                // deflate, shuffle and fletcher32 are what h5py writes; others (lzf, lz4, bitshuffle) are refused
                // rather than trusted to bound their output.
                if (f.getId() < 1 || f.getId() > 3) {
                    throw new ModelFormatException(where + " uses the HDF5 filter '" + f.getName()
                            + "', which keras2j does not read (only deflate, shuffle and fletcher32)");
                }
                filtered |= f.getId() == 1;
            }
            long limit = filtered ? fileSize * MAX_COMPRESSION_RATIO : fileSize;
            if (count > Integer.MAX_VALUE - 8 || bytes > limit) {
                throw new ModelFormatException(where + " declares shape " + java.util.Arrays.toString(dims)
                        + " (" + bytes + " bytes), impossible in a file of " + fileSize + " bytes");
            }
            long maxElements = dev.keras2j.model.Limits.TENSOR_ELEMENTS.value();
            if (count > maxElements) {
                throw new ModelFormatException(where + " declares shape " + java.util.Arrays.toString(dims)
                        + " (" + count + " elements); " + dev.keras2j.model.Limits.TENSOR_ELEMENTS.hint());
            }
            if (count == 0) {
                return NdArray.of(new float[0], dims);
            }
            Object flat;
            BoundedDeflate.ceiling(chunkBytes(ds, itemBytes, bytes));
            try {
                flat = ds.isScalar() ? ds.getData() : ds.getDataFlat();
            } finally {
                BoundedDeflate.clear();
            }
            float[] values;
            if (flat instanceof Number n) {
                values = new float[] {n.floatValue()};
            } else if (flat instanceof float[] f) {
                values = f;
            } else if (flat instanceof double[] d) {
                values = new float[d.length];
                for (int i = 0; i < d.length; i++) {
                    values[i] = (float) d[i];
                }
            } else if (flat instanceof long[] l) {
                values = new float[l.length];
                for (int i = 0; i < l.length; i++) {
                    values[i] = (float) l[i];
                }
            } else if (flat instanceof int[] n) {
                values = new float[n.length];
                for (int i = 0; i < n.length; i++) {
                    values[i] = (float) n[i];
                }
            } else if (anyNumber && flat instanceof short[] n) {
                values = new float[n.length];
                for (int i = 0; i < n.length; i++) {
                    values[i] = n[i];
                }
            } else if (anyNumber && flat instanceof byte[] n) {
                values = new float[n.length];
                for (int i = 0; i < n.length; i++) {
                    values[i] = n[i];
                }
            } else if (anyNumber && flat instanceof boolean[] n) {
                values = new float[n.length];
                for (int i = 0; i < n.length; i++) {
                    values[i] = n[i] ? 1f : 0f;
                }
            } else if (anyNumber && flat instanceof Boolean b) {
                values = new float[] {b ? 1f : 0f};
            } else {
                throw new ModelFormatException(where + " could not be read as floats");
            }
            if (values.length != count) {
                throw new ModelFormatException(where + " holds " + values.length + " values for shape "
                        + java.util.Arrays.toString(dims));
            }
            return NdArray.of(values, dims);
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFormatException(where + " is unreadable (truncated or corrupt?): " + describe(e), e);
        }
    }

    /** The most bytes one stored chunk can inflate to: the chunk's size, or the whole dataset's when not chunked. */
    private static long chunkBytes(Dataset ds, int itemBytes, long datasetBytes) {
        if (ds instanceof io.jhdf.api.dataset.ChunkedDataset chunked) {
            long n = itemBytes;
            for (int d : chunked.getChunkDimensions()) {
                if (d <= 0) {
                    return datasetBytes;
                }
                n = Math.multiplyExact(n, (long) d);
            }
            // A chunk may be larger than a small dataset, never larger than both it and 64 MiB.
            return Math.max(Math.min(n, Math.max(datasetBytes, 64L << 20)), 1);
        }
        return Math.max(datasetBytes, 1);
    }

    private static Class<?> unboxed(Class<?> type) {
        if (type == Float.class) {
            return float.class;
        } else if (type == Double.class) {
            return double.class;
        } else if (type == Long.class) {
            return long.class;
        } else if (type == Integer.class) {
            return int.class;
        }
        return type;
    }

    private ModelFormatException corrupt(RuntimeException e) {
        return new ModelFormatException(label + ": corrupt HDF5 structure: " + describe(e), e);
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        String s = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        return s.replace('\n', ' ');
    }

    @Override
    public void close() {
        try {
            hdf.close();
        } catch (RuntimeException e) {
            // Closing a corrupt file may fail again; the first failure has already been reported.
        }
    }
}
