package dev.keras2j.spark;

import dev.keras2j.model.Shape;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;

/**
 * One model input read from one column: each row's value, flattened row-major, copied as floats into a
 * batch. The column may hold {@code array<float>}, {@code array<double>} (rounded to float, as Keras's
 * float32 model does), an ML {@code Vector}, or {@code array<int>} / {@code array<bigint>} token ids (exact as
 * floats below 2^24; JSON data sets read whole numbers as bigint).
 */
final class InputColumn implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Integers up to 2^24 are exact as floats; larger token ids would silently become other ids. */
    private static final int EXACT_INT = 1 << 24;

    enum Kind { FLOAT, DOUBLE, INT, LONG, VECTOR }

    final String name;
    final int index;
    final Kind kind;
    /** Values per example: the product of the model input's shape. */
    final int length;
    final String shapeText;

    private InputColumn(String name, int index, Kind kind, int length, String shapeText) {
        this.name = name;
        this.index = index;
        this.kind = kind;
        this.length = length;
        this.shapeText = shapeText;
    }

    /**
     * The reader of {@code column} for a model input of {@code shape}.
     *
     * @throws IllegalArgumentException when the column is missing, of another type, or the shape has an
     *                                  axis of unknown size (a row's length could not fix the layout)
     */
    static InputColumn of(StructType schema, String column, Shape shape, String inputName) {
        if (!shape.isFullyKnown()) {
            throw new IllegalArgumentException("the model's input '" + inputName + "' has shape "
                    + shape.toKerasString() + ": keras2j-spark needs every axis's size to reshape a row");
        }
        int index;
        try {
            index = schema.fieldIndex(column);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no input column '" + column + "' (columns: "
                    + String.join(", ", schema.fieldNames()) + ")");
        }
        StructField field = schema.fields()[index];
        return new InputColumn(column, index, kindOf(field), shape.elementCount(), tuple(shape.dims()));
    }

    /** A shape as Python writes a tuple: {@code (5,)}, {@code (12, 12, 1)}. */
    static String tuple(int[] dims) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            s.append(i == 0 ? "" : ", ").append(dims[i]);
        }
        return s.append(dims.length == 1 ? ",)" : ")").toString();
    }

    private static Kind kindOf(StructField field) {
        DataType t = field.dataType();
        if (t instanceof VectorUDT) {
            return Kind.VECTOR;
        }
        if (t instanceof ArrayType a) {
            DataType e = a.elementType();
            if (e.equals(DataTypes.FloatType)) {
                return Kind.FLOAT;
            }
            if (e.equals(DataTypes.DoubleType)) {
                return Kind.DOUBLE;
            }
            if (e.equals(DataTypes.IntegerType)) {
                return Kind.INT;
            }
            if (e.equals(DataTypes.LongType)) {
                return Kind.LONG;
            }
        }
        throw new IllegalArgumentException("input column '" + field.name() + "' is " + t.simpleString()
                + "; keras2j-spark reads array<float>, array<double>, array<int> or array<bigint> (token ids), vector");
    }

    /**
     * Copies the row's value into {@code batch} at {@code offset}; returns null, or why the row cannot be
     * scored (the batch is then partly overwritten, and the caller reuses that slot).
     */
    String read(Row row, float[] batch, int offset) {
        if (row.isNullAt(index)) {
            return "column '" + name + "' is null";
        }
        Object value = row.get(index);
        if (kind == Kind.VECTOR) {
            Vector v = (Vector) value;
            if (v.size() != length) {
                return wrongLength(v.size());
            }
            // toArray is the vector's own array when dense, a fresh one when sparse
            double[] d = v.toArray();
            for (int i = 0; i < length; i++) {
                batch[offset + i] = (float) d[i];
            }
            return null;
        }
        // A row straight from a user's map (Spark elides the encoding in between) holds what the user put
        // there: a Java array or list; a row decoded by Spark holds a Scala Seq.
        if (value instanceof float[] f) {
            if (f.length != length) {
                return wrongLength(f.length);
            }
            System.arraycopy(f, 0, batch, offset, length);
            return null;
        }
        if (value instanceof double[] d) {
            if (d.length != length) {
                return wrongLength(d.length);
            }
            for (int i = 0; i < length; i++) {
                batch[offset + i] = (float) d[i];
            }
            return null;
        }
        if (value instanceof int[] ids) {
            return readSeq(scala.collection.immutable.ArraySeq.unsafeWrapArray(ids), batch, offset);
        }
        if (value instanceof long[] ids) {
            return readSeq(scala.collection.immutable.ArraySeq.unsafeWrapArray(ids), batch, offset);
        }
        if (value instanceof Object[] objects) {
            return readSeq(scala.jdk.javaapi.CollectionConverters.asScala(java.util.Arrays.asList(objects)).toSeq(),
                    batch, offset);
        }
        if (value instanceof java.util.List<?> list) {
            return readSeq(scala.jdk.javaapi.CollectionConverters.asScala(list).toSeq(), batch, offset);
        }
        return readSeq((scala.collection.Seq<?>) value, batch, offset);
    }

    private String readSeq(scala.collection.Seq<?> seq, float[] batch, int offset) {
        int n = seq.length();
        if (n != length) {
            return wrongLength(n);
        }
        // Spark may hand an array column over as a primitive-backed ArraySeq: read it without boxing
        if (seq instanceof scala.collection.mutable.ArraySeq.ofFloat f) {
            System.arraycopy(f.array(), 0, batch, offset, n);
            return null;
        }
        if (seq instanceof scala.collection.mutable.ArraySeq.ofDouble d) {
            double[] a = d.array();
            for (int i = 0; i < n; i++) {
                batch[offset + i] = (float) a[i];
            }
            return null;
        }
        if (seq instanceof scala.collection.immutable.ArraySeq.ofFloat f) {
            System.arraycopy(f.unsafeArray(), 0, batch, offset, n);
            return null;
        }
        if (seq instanceof scala.collection.immutable.ArraySeq.ofDouble d) {
            double[] a = d.unsafeArray();
            for (int i = 0; i < n; i++) {
                batch[offset + i] = (float) a[i];
            }
            return null;
        }
        scala.collection.Iterator<?> it = seq.iterator();
        for (int i = 0; i < n; i++) {
            Object o = it.next();
            if (o == null) {
                return "column '" + name + "' has a null at position " + i;
            }
            switch (kind) {
                case FLOAT -> batch[offset + i] = (Float) o;
                case DOUBLE -> batch[offset + i] = (float) (double) (Double) o;
                default -> {
                    long id = ((Number) o).longValue();
                    if (id <= -EXACT_INT || id >= EXACT_INT) {
                        return "column '" + name + "' holds token id " + id + " at position " + i
                                + ", beyond the ids a float represents exactly (|id| < 2^24)";
                    }
                    batch[offset + i] = id;
                }
            }
        }
        return null;
    }

    private String wrongLength(int n) {
        return "column '" + name + "' has " + n + " values; the model's input of shape " + shapeText + " takes "
                + length;
    }
}
