package dev.keras2j.container;

import dev.keras2j.model.ModelFormatException;
import dev.keras2j.model.NdArray;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;

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
        } catch (HdfException e) {
            throw corrupt(e);
        }
    }

    /** The names of a group's children in the file's order. */
    public List<String> childNames(Group g) {
        try {
            return new ArrayList<>(g.getChildren().keySet());
        } catch (HdfException e) {
            throw corrupt(e);
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
        } catch (HdfException e) {
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
            Object data = a.getData();
            if (data instanceof String s) {
                return s;
            }
            if (data != null && data.getClass().isArray() && Array.getLength(data) == 1 && Array.get(data, 0) instanceof String s) {
                return s;
            }
            if (data instanceof byte[] b) {
                return new String(b, java.nio.charset.StandardCharsets.UTF_8);
            }
            throw new ModelFormatException(label + ": attribute '" + name + "' of " + node.getPath() + " is not a string");
        } catch (HdfException e) {
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
        } catch (HdfException e) {
            throw corrupt(e);
        }
    }

    private List<String> strings(Attribute a, Node node, String name) {
        if (a.isEmpty()) {
            return new ArrayList<>();
        }
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
            if (type != float.class && type != double.class && type != long.class && type != int.class) {
                throw new ModelFormatException(where + " holds " + type.getSimpleName()
                        + " values, expected float32, float64 or integer weights");
            }
            long bytes = count * (type == double.class || type == long.class ? 8 : 4);
            boolean filtered = !ds.getFilters().isEmpty();
            long limit = filtered ? fileSize * MAX_COMPRESSION_RATIO : fileSize;
            if (count > Integer.MAX_VALUE - 8 || bytes > limit) {
                throw new ModelFormatException(where + " declares shape " + java.util.Arrays.toString(dims)
                        + " (" + bytes + " bytes), impossible in a file of " + fileSize + " bytes");
            }
            if (count == 0) {
                return NdArray.of(new float[0], dims);
            }
            Object flat = ds.isScalar() ? ds.getData() : ds.getDataFlat();
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
            } else {
                throw new ModelFormatException(where + " could not be read as floats");
            }
            if (values.length != count) {
                throw new ModelFormatException(where + " holds " + values.length + " values for shape "
                        + java.util.Arrays.toString(dims));
            }
            return NdArray.of(values, dims);
        } catch (HdfException | IllegalArgumentException | IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
            throw new ModelFormatException(where + " is unreadable (truncated or corrupt?): " + describe(e), e);
        }
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
