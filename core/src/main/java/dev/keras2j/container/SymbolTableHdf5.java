package dev.keras2j.container;

import dev.keras2j.model.NdArray;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the HDF5 subset that h5py writes with its default settings, which is what Keras 1 and 2 and
 * tf.keras {@code .h5} files use: a version 0/1 superblock, version 1 object headers, groups indexed by
 * a symbol table (v1 B-tree and local heap), contiguous or compact datasets of float32/float64 and
 * fixed- or variable-length string attributes.
 *
 * <p>It exists for load time: jhdf builds a full node (every header message decoded, through streams,
 * lazy initializers and a stopwatch) for every child of every group it lists, while a Keras load reads
 * a handful of attributes and datasets. Anything outside the subset, or anything inconsistent, raises
 * {@link Unsupported}; the caller then reads the file with {@link Hdf5Container}, which also words the
 * error of a corrupt file.
 */
public final class SymbolTableHdf5 implements Hdf5Tree<SymbolTableHdf5.Node>, AutoCloseable {
    private static final long SIGNATURE = 0x0a1a0a0d46444889L; // "\211HDF\r\n\032\n" read little-endian
    private static final int MSG_DATASPACE = 0x01;
    private static final int MSG_DATATYPE = 0x03;
    private static final int MSG_LAYOUT = 0x08;
    private static final int MSG_FILTERS = 0x0B;
    private static final int MSG_ATTRIBUTE = 0x0C;
    private static final int MSG_CONTINUATION = 0x10;
    private static final int MSG_SYMBOL_TABLE = 0x11;

    /** The file holds a structure outside the subset (or an inconsistent one): read it with jhdf. */
    public static final class Unsupported extends RuntimeException {
        public Unsupported(String what) {
            super(what, null, false, false);
        }
    }

    private final ByteBuffer buf;
    /**
     * The file's bytes when it was read into the heap, else {@code null} (mapped). Headers are decoded from
     * the array where there is one: a load runs this code mostly in the interpreter, where an array read is
     * one bytecode and a {@link ByteBuffer} read a chain of calls, and it decodes every header of the file.
     */
    private final byte[] bytes;
    private final String label;
    private final int offsetSize;
    private final int lengthSize;
    private final Node root;

    private SymbolTableHdf5(ByteBuffer buf, String label) {
        this.buf = buf.order(ByteOrder.LITTLE_ENDIAN);
        boolean wholeArray = buf.hasArray() && buf.arrayOffset() == 0 && buf.array().length == buf.capacity();
        this.bytes = wholeArray ? buf.array() : null;
        this.label = label;
        if (size() < 96 || i64(0) != SIGNATURE) {
            throw new Unsupported("no superblock at offset 0");
        }
        int version = u8(8);
        if (version > 1) {
            throw new Unsupported("superblock version " + version);
        }
        offsetSize = u8(13);
        lengthSize = u8(14);
        if (offsetSize != 8 || lengthSize != 8) {
            throw new Unsupported("offset/length sizes " + offsetSize + "/" + lengthSize);
        }
        int at = version == 0 ? 24 : 28;
        long base = i64(at);
        long end = i64(at + 16);
        if (base != 0 || end > size() || end < 0) {
            throw new Unsupported("base address " + base + ", end of file " + end);
        }
        // Root group symbol table entry: link name offset, then the object header address.
        root = new Node(this, address(i64(at + 32 + 8)), null, "/");
    }

    /**
     * Reads or maps {@code file} and checks its superblock.
     *
     * @throws Unsupported when the file is not in the subset (including files over 2 GB)
     * @throws IOException when it cannot be read
     */
    public static SymbolTableHdf5 open(Path file) throws IOException {
        return open(file, READ_LIMIT);
    }

    /**
     * As {@link #open(Path)}, memory-mapping the file when it is larger than {@code mapAbove} bytes and reading
     * it into the heap otherwise.
     */
    public static SymbolTableHdf5 open(Path file, long mapAbove) throws IOException {
        return new SymbolTableHdf5(contents(file, mapAbove), file.toString());
    }

    /**
     * Reads or maps {@code file} when it is a regular file that starts with the HDF5 signature, or returns
     * {@code null}: a load can then skip sniffing the container type, which opens the file once more.
     *
     * @throws Unsupported when the file is HDF5 outside the subset (including files over 2 GB)
     * @throws IOException when it cannot be read
     */
    public static SymbolTableHdf5 openIfHdf5(Path file) throws IOException {
        // A FIFO or device would block or never end: only regular files are opened.
        if (!Files.readAttributes(file, BasicFileAttributes.class).isRegularFile()) {
            return null;
        }
        ByteBuffer contents = contents(file, READ_LIMIT);
        if (contents.capacity() < 8 || contents.order(ByteOrder.LITTLE_ENDIAN).getLong(0) != SIGNATURE) {
            return null;
        }
        return new SymbolTableHdf5(contents, file.toString());
    }

    /**
     * Files up to this size are read into the heap: a mapping costs more to set up than reading a small file,
     * and a batch of thousands of small models would hold as many mappings until the collector frees them.
     */
    private static final long READ_LIMIT = 1 << 20;

    /** The whole file: read if small, else mapped (a large model's weights are copied once, from the mapping). */
    private static ByteBuffer contents(Path file, long mapAbove) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new Unsupported("larger than 2 GB");
            }
            if (size > mapAbove) {
                return channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            }
            ByteBuffer heap = ByteBuffer.allocate((int) size);
            while (heap.hasRemaining() && channel.read(heap) >= 0) {
                // A regular file gives all its bytes; the loop only guards against short reads.
            }
            if (heap.hasRemaining()) {
                throw new IOException("the file shrank while being read");
            }
            return heap.flip();
        }
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public Node root() {
        return root;
    }

    @Override
    public Node group(Node parent, String name) {
        Node n = child(parent, name);
        return n != null && n.isGroup() ? n : null;
    }

    @Override
    public Node child(Node parent, String path) {
        Node n = parent;
        int from = 0;
        while (from <= path.length()) {
            int slash = path.indexOf('/', from);
            int to = slash < 0 ? path.length() : slash;
            if (to > from) {
                if (!n.isGroup()) {
                    return null;
                }
                n = n.children().get(path.substring(from, to));
                if (n == null) {
                    return null;
                }
            }
            from = to + 1;
        }
        return n;
    }

    @Override
    public boolean isDataset(Node node) {
        return node.message(MSG_DATASPACE) >= 0;
    }

    @Override
    public boolean hasAttribute(Node node, String name) {
        return node.attribute(name) >= 0 || node.attribute(name + "0") >= 0;
    }

    @Override
    public String stringAttribute(Node node, String name) {
        int at = node.attribute(name);
        if (at < 0) {
            return null;
        }
        List<String> values = new Attribute(at).strings();
        if (values == null || values.size() != 1) {
            throw new Unsupported("attribute " + name + " is not a single string");
        }
        return values.get(0);
    }

    @Override
    public List<String> stringListAttribute(Node node, String name) {
        int whole = node.attribute(name);
        if (whole >= 0) {
            return listOf(new Attribute(whole), name);
        }
        if (node.attribute(name + "0") < 0) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int chunk = 0; ; chunk++) {
            int part = node.attribute(name + chunk);
            if (part < 0) {
                return out;
            }
            out.addAll(listOf(new Attribute(part), name + chunk));
        }
    }

    private static List<String> listOf(Attribute a, String name) {
        List<String> values = a.strings();
        if (values == null) {
            throw new Unsupported("attribute " + name + " is not a list of strings");
        }
        return values;
    }

    @Override
    public NdArray readFloats(Node node) {
        int space = node.message(MSG_DATASPACE);
        int type = node.message(MSG_DATATYPE);
        int layout = node.message(MSG_LAYOUT);
        if (space < 0 || type < 0 || layout < 0) {
            throw new Unsupported(node.path() + " is not a dataset");
        }
        int[] dims = dataspace(space);
        if (dims == null) {
            throw new Unsupported(node.path() + ": null dataspace");
        }
        long count = NdArray.elementCount(dims);
        int cls = u8(type) & 0x0f;
        int bits = u8(type + 1);
        int size = i32(type + 4);
        boolean single = size == 4;
        // Little-endian IEEE float32/float64, or signed integers (Normalization's int64 count) read as
        // floats as jhdf's reading does; half floats and unsigned integers are left to jhdf.
        boolean floating = cls == 1 && (bits & 0x41) == 0
                && u8(type + 12) == (single ? 23 : 52) && u8(type + 13) == (single ? 8 : 11)
                && u8(type + 14) == 0 && u8(type + 15) == (single ? 23 : 52)
                && i32(type + 16) == (single ? 127 : 1023);
        boolean integer = cls == 0 && (bits & 0x09) == 0x08;
        if (!(floating || integer) || (size != 4 && size != 8)
                || u16(type + 8) != 0 || u16(type + 10) != size * 8) {
            throw new Unsupported(node.path() + ": not a little-endian float32/float64 or signed integer dataset");
        }
        if (count > Integer.MAX_VALUE - 8 || count > dev.keras2j.model.Limits.TENSOR_ELEMENTS.value()) {
            throw new Unsupported(node.path() + ": too large"); // jhdf's reading refuses it with the limit
        }
        long bytes = count * size;
        int version = u8(layout);
        if (version != 3) {
            throw new Unsupported(node.path() + ": layout message version " + version);
        }
        ByteBuffer data;
        switch (u8(layout + 1)) {
            case 0 -> { // compact: the data sits in the message
                int n = u16(layout + 2);
                if (n != bytes) {
                    throw new Unsupported(node.path() + ": compact data size");
                }
                data = slice(layout + 4, n);
            }
            case 1 -> { // contiguous
                long address = i64(layout + 2);
                long n = i64(layout + 10);
                if (node.message(MSG_FILTERS) >= 0 || (count > 0 && (n != bytes || address < 0))) {
                    throw new Unsupported(node.path() + ": contiguous data size or address");
                }
                data = count == 0 ? slice(0, 0) : slice(address, n);
            }
            default -> throw new Unsupported(node.path() + ": chunked or virtual layout");
        }
        data.order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[(int) count];
        if (floating && single) {
            data.asFloatBuffer().get(values);
        } else if (floating) {
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) data.getDouble(i * 8);
            }
        } else if (single) {
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) data.getInt(i * 4);
            }
        } else {
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) data.getLong(i * 8);
            }
        }
        return NdArray.of(values, dims);
    }

    /** The dimensions of a dataspace message; {@code []} for a scalar, {@code null} for a null dataspace. */
    private int[] dataspace(int at) {
        int version = u8(at);
        int rank = u8(at + 1);
        int dimsAt;
        if (version == 1) {
            dimsAt = at + 8;
        } else if (version == 2) {
            int kind = u8(at + 3);
            if (kind == 2) {
                return null;
            }
            dimsAt = at + 4;
        } else {
            throw new Unsupported("dataspace message version " + version);
        }
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            long d = i64(dimsAt + 8 * i);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new Unsupported("dataspace dimension " + d);
            }
            dims[i] = (int) d;
        }
        return dims;
    }

    /** An attribute message: its datatype, dataspace and data positions. */
    private final class Attribute {
        private final int type;
        private final int space;
        private final int data;

        Attribute(int at) {
            int version = u8(at);
            int nameSize = u16(at + 2);
            int typeSize = u16(at + 4);
            int spaceSize = u16(at + 6);
            if (version == 1) {
                type = at + 8 + pad8(nameSize);
                space = type + pad8(typeSize);
                data = space + pad8(spaceSize);
            } else if (version == 2 || version == 3) {
                if ((u8(at + 1) & 0x03) != 0) {
                    throw new Unsupported("shared datatype or dataspace in an attribute");
                }
                type = at + (version == 3 ? 9 : 8) + nameSize;
                space = type + typeSize;
                data = space + spaceSize;
            } else {
                throw new Unsupported("attribute message version " + version);
            }
        }

        /** The attribute's strings in order, or {@code null} when it does not hold strings. */
        List<String> strings() {
            int[] dims = dataspace(space);
            List<String> out = new ArrayList<>();
            if (dims == null) {
                return out;
            }
            long count = NdArray.elementCount(dims);
            if (count == 0) {
                // Keras writes a layer without weights as an empty float array of weight names.
                return out;
            }
            int cls = u8(type) & 0x0f;
            int bits = u8(type + 1);
            int size = i32(type + 4);
            if (cls == 3) { // fixed-length string
                Charset charset = charset(bits >> 4);
                for (long i = 0; i < count; i++) {
                    out.add(fixedString(Math.toIntExact(data + i * size), size, bits & 0x0f, charset));
                }
                return out;
            }
            if (cls == 9 && (bits & 0x0f) == 1) { // variable-length string
                Charset charset = charset(u8(type + 2) & 0x0f);
                for (long i = 0; i < count; i++) {
                    int e = Math.toIntExact(data + i * 16);
                    out.add(heapString(i32(e), i64(e + 4), i32(e + 12), charset));
                }
                return out;
            }
            return null;
        }
    }

    private String fixedString(int at, int size, int padding, Charset charset) {
        int n = 0;
        while (n < size && u8(at + n) != 0) {
            n++;
        }
        if (padding == 2) { // space-padded
            while (n > 0 && u8(at + n - 1) == ' ') {
                n--;
            }
        }
        return decode(at, n, charset);
    }

    /** A string held in a global heap collection. */
    private String heapString(int length, long collection, int index, Charset charset) {
        int at = address(collection);
        if (i32(at) != 0x4c4f4347) { // "GCOL"
            throw new Unsupported("global heap signature");
        }
        long collectionSize = i64(at + 8);
        long end = at + collectionSize;
        int obj = at + 16;
        while (obj + 16 <= end) {
            int id = u16(obj);
            long objectSize = i64(obj + 8);
            if (id == 0 || objectSize < 0 || objectSize > end) {
                break;
            }
            if (id == index) {
                if (length > objectSize) {
                    throw new Unsupported("global heap object size");
                }
                return decode(obj + 16, length, charset);
            }
            obj = Math.toIntExact(obj + 16 + pad8(objectSize));
        }
        throw new Unsupported("global heap object " + index + " missing");
    }

    private String decode(int at, int n, Charset charset) {
        if (n < 0 || n > dev.keras2j.model.Limits.ATTRIBUTE_BYTES.value()) {
            // The jhdf reading then gives the established refusal.
            throw new Unsupported("a string of " + n + " bytes");
        }
        byte[] b = new byte[n];
        if (bytes != null) {
            System.arraycopy(bytes, at, b, 0, n);
        } else {
            buf.get(at, b);
        }
        return new String(b, charset);
    }

    private static Charset charset(int code) {
        return switch (code) {
            case 0 -> StandardCharsets.US_ASCII;
            case 1 -> StandardCharsets.UTF_8;
            default -> throw new Unsupported("character set " + code);
        };
    }

    /** A group or dataset: its object header messages, indexed once, and (for a group) its children. */
    public static final class Node {
        private final SymbolTableHdf5 file;
        /** The group that lists this node, {@code null} for the root. */
        private final Node parent;
        private final String name;
        private final int[] types;
        private final int[] starts;
        private final int count;
        private Map<String, Node> children;

        private Node(SymbolTableHdf5 file, int header, Node parent, String name) {
            this.file = file;
            this.parent = parent;
            this.name = name;
            if (file.u8(header) != 1) {
                throw new Unsupported(path() + ": object header version " + file.u8(header));
            }
            int messages = file.u16(header + 2);
            types = new int[messages];
            starts = new int[messages];
            int n = 0;
            // Version 1 messages start 16 bytes into the header and continue in continuation blocks.
            int block = header + 16;
            long blockEnd = block + (file.i32(header + 8) & 0xffffffffL);
            List<long[]> pending = new ArrayList<>(0);
            while (n < messages) {
                if (block + 8 > blockEnd) {
                    if (pending.isEmpty()) {
                        break;
                    }
                    long[] next = pending.remove(0);
                    block = file.address(next[0]);
                    blockEnd = block + next[1];
                    continue;
                }
                int type = file.u16(block);
                int size = file.u16(block + 2);
                int flags = file.u8(block + 4);
                int body = block + 8;
                if (body + size > blockEnd) {
                    throw new Unsupported(path() + ": object header message past its block");
                }
                if ((flags & 0x02) != 0 && type != 0) {
                    throw new Unsupported(path() + ": shared header message");
                }
                if (type == MSG_CONTINUATION) {
                    pending.add(new long[] {file.i64(body), file.i64(body + 8)});
                }
                types[n] = type;
                starts[n] = body;
                n++;
                block = body + size;
            }
            count = n;
            if (blockEnd > file.size()) {
                throw new Unsupported(path() + ": object header past the end of the file");
            }
        }

        /**
         * The slash-separated path from the root (for messages). Built on demand: a load lists every child of
         * the groups it opens and names almost none of them.
         */
        public String path() {
            if (parent == null) {
                return name;
            }
            String up = parent.path();
            return up.equals("/") ? "/" + name : up + "/" + name;
        }

        boolean isGroup() {
            if (message(MSG_SYMBOL_TABLE) >= 0) {
                return true;
            }
            if (message(MSG_DATASPACE) >= 0) {
                return false;
            }
            // Link messages: a group in the newer format, outside the subset.
            throw new Unsupported(path() + ": a group without a symbol table");
        }

        /** The body position of the first message of a type, or -1. */
        int message(int type) {
            for (int i = 0; i < count; i++) {
                if (types[i] == type) {
                    return starts[i];
                }
            }
            return -1;
        }

        /** The position of the attribute message named {@code name}, or -1. */
        int attribute(String name) {
            int len = name.length();
            for (int c = 0; c < len; c++) {
                if (name.charAt(c) >= 0x80) {
                    throw new Unsupported("a non-ASCII attribute name");
                }
            }
            for (int i = 0; i < count; i++) {
                if (types[i] != MSG_ATTRIBUTE) {
                    continue;
                }
                int at = starts[i];
                int version = file.u8(at);
                int nameSize = file.u16(at + 2);
                int nameAt = at + (version == 3 ? 9 : 8);
                if (version < 1 || version > 3) {
                    throw new Unsupported(path() + ": attribute message version " + version);
                }
                // nameSize counts the terminating NUL; attribute names here are ASCII.
                if (nameSize != len + 1 || file.u8(nameAt + len) != 0) {
                    continue;
                }
                boolean same = true;
                for (int c = 0; c < len && same; c++) {
                    same = file.u8(nameAt + c) == name.charAt(c);
                }
                if (same) {
                    return at;
                }
            }
            return -1;
        }

        Map<String, Node> children() {
            if (children == null) {
                int table = message(MSG_SYMBOL_TABLE);
                int tree = file.address(file.i64(table));
                int heap = file.address(file.i64(table + 8));
                if (file.i32(heap) != 0x50414548) { // "HEAP"
                    throw new Unsupported(path() + ": local heap signature");
                }
                int names = file.address(file.i64(heap + 24));
                Map<String, Node> out = new HashMap<>();
                file.collect(tree, names, this, out, 0);
                children = out;
            }
            return children;
        }
    }

    /** Walks a group's v1 B-tree down to its symbol table nodes, adding every entry to {@code out}. */
    private void collect(int node, int names, Node parent, Map<String, Node> out, int depth) {
        if (depth > 64) {
            throw new Unsupported(parent.path() + ": B-tree too deep");
        }
        int sig = i32(node);
        if (sig == 0x45455254) { // "TREE"
            if (u8(node + 4) != 0) {
                throw new Unsupported(parent.path() + ": not a group B-tree");
            }
            int entries = u16(node + 6);
            // Keys (heap offsets) and children alternate after the two sibling addresses.
            for (int i = 0; i < entries; i++) {
                int childAt = node + 24 + 8 + 16 * i;
                collect(address(i64(childAt)), names, parent, out, depth + 1);
            }
        } else if (sig == 0x444f4e53) { // "SNOD"
            int symbols = u16(node + 6);
            for (int i = 0; i < symbols; i++) {
                int entry = node + 8 + 40 * i;
                int nameAt = address(names + i64(entry));
                int end = nameAt;
                while (u8(end) != 0) {
                    end++;
                }
                String name = decode(nameAt, end - nameAt, StandardCharsets.UTF_8);
                Node child = new Node(this, address(i64(entry + 8)), parent, name);
                if (out.put(name, child) != null) {
                    throw new Unsupported(child.path() + ": listed twice");
                }
            }
        } else {
            throw new Unsupported(parent.path() + ": B-tree node signature");
        }
    }

    private int address(long a) {
        if (a < 0 || a >= size()) {
            throw new Unsupported("address " + a + " outside the file");
        }
        return (int) a;
    }

    private ByteBuffer slice(long at, long n) {
        if (at < 0 || n < 0 || at + n > size()) {
            throw new Unsupported("data outside the file");
        }
        return buf.slice((int) at, (int) n);
    }

    private int size() {
        return buf.capacity();
    }

    private int u8(int at) {
        return bytes != null ? bytes[at] & 0xff : buf.get(at) & 0xff;
    }

    private int u16(int at) {
        return bytes != null ? (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8 : buf.getShort(at) & 0xffff;
    }

    private int i32(int at) {
        return bytes != null ? u16(at) | u16(at + 2) << 16 : buf.getInt(at);
    }

    private long i64(int at) {
        return bytes != null ? (i32(at) & 0xffffffffL) | (long) i32(at + 4) << 32 : buf.getLong(at);
    }

    private static int pad8(long n) {
        return (int) ((n + 7) & ~7L);
    }

    @Override
    public void close() {
        // A mapping (files over 1 MB) is released by the collector; there is no channel to close.
    }
}
