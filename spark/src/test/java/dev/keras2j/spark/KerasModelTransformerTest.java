package dev.keras2j.spark;

import dev.keras2j.KerasModel;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transformer's outputs against {@link KerasModel#predict} on each row alone, bit for bit, on embedded
 * Spark (local[2]): an MLP, a CNN, an RNN, a two-input model and token ids, over uneven and empty
 * partitions and batches that do not divide them.
 */
class KerasModelTransformerTest {
    private final SparkSession spark = SparkTestSession.get();

    @Test
    void mlpOverUnevenPartitionsWithFloatArrays() throws Exception {
        checkAgainstPredict("dense_activations", DataTypes.FloatType, 103, 4, 16);
    }

    @Test
    void mlpFromDoubleArraysAndVectors() throws Exception {
        checkAgainstPredict("dense_activations", DataTypes.DoubleType, 40, 3, 7);
        checkAgainstPredict("dense_activations", new VectorUDT(), 40, 3, 7);
    }

    @Test
    void cnnWithArgmaxAndMaxProbability() throws Exception {
        KerasModel model = KerasModel.load(SparkTestSession.fixture("shapes_cnn"));
        List<float[][]> examples = examples(model, 37, 11, false);
        Dataset<Row> data = frame(examples, List.of(DataTypes.FloatType), 5);
        List<Row> rows = transformer("shapes_cnn").setBatchSize(8).setArgmaxCol("label")
                .setMaxProbabilityCol("p").transform(data).collectAsList();
        assertThat(rows).hasSize(37);
        for (Row row : rows) {
            float[] expected = predictOne(model, examples.get(row.getInt(0)));
            float[] actual = floats(row, "output");
            assertSameBits(actual, expected);
            int best = PartitionScorer.argmax(expected);
            assertThat(row.getInt(row.fieldIndex("label"))).isEqualTo(best);
            assertThat(Float.floatToRawIntBits(row.getFloat(row.fieldIndex("p"))))
                    .isEqualTo(Float.floatToRawIntBits(expected[best]));
            for (float v : expected) {
                assertThat(v).isLessThanOrEqualTo(expected[best]);
            }
        }
    }

    @Test
    void rowsStraightFromAMapHoldJavaArrays() throws Exception {
        // Spark hands the transformer the Rows a map made, unencoded: their values are the Java arrays
        KerasModel model = KerasModel.load(SparkTestSession.fixture("dense_activations"));
        List<float[][]> examples = examples(model, 30, 5, false);
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("id", DataTypes.IntegerType, false),
                DataTypes.createStructField("input", DataTypes.createArrayType(DataTypes.FloatType, false), false)));
        org.apache.spark.api.java.function.MapFunction<Long, Row> toRow =
                id -> RowFactory.create((int) (long) id, examples.get((int) (long) id)[0]);
        Dataset<Row> data = spark.range(0, 30, 1, 3).map(toRow, org.apache.spark.sql.Encoders.row(schema));
        List<Row> rows = transformer("dense_activations").setBatchSize(4).transform(data).collectAsList();
        assertThat(rows).hasSize(30);
        for (Row row : rows) {
            assertSameBits(floats(row, "output"), predictOne(model, examples.get(row.getInt(0))));
        }
    }

    @Test
    void recurrentModel() throws Exception {
        checkAgainstPredict("shapes_rnn", DataTypes.FloatType, 29, 3, 4);
    }

    @Test
    void twoInputsTwoColumns() throws Exception {
        checkAgainstPredict("two_inputs_dense_seq", DataTypes.FloatType, 50, 4, 9);
    }

    @Test
    void tokenIdsFromIntArrays() throws Exception {
        checkAgainstPredict("embedding_mask_zero_lstm", DataTypes.IntegerType, 31, 3, 5);
    }

    @Test
    void emptyPartitionsAndAnEmptyDataSet() throws Exception {
        // 5 rows in 9 slices: at least 4 partitions are empty
        checkAgainstPredict("dense_activations", DataTypes.FloatType, 5, 9, 2);
        checkAgainstPredict("dense_activations", DataTypes.FloatType, 0, 3, 2);
    }

    @Test
    void modelFromAPathLoadedOncePerJvm() throws Exception {
        Path file = SparkTestSession.fixture("gru");
        KerasModel model = KerasModel.load(file);
        List<float[][]> examples = examples(model, 20, 3, false);
        Dataset<Row> data = frame(examples, List.of(DataTypes.FloatType), 4);
        KerasModelTransformer t = new KerasModelTransformer().setModelPath(file.toUri().toString())
                .setBatchSize(3);
        int before = ModelCache.loads();
        List<Row> first = t.transform(data).collectAsList();
        List<Row> second = t.transform(data).collectAsList();
        // the driver's check and four partitions, twice: one load of the file
        assertThat(ModelCache.loads() - before).isEqualTo(1);
        assertThat(second).hasSize(20);
        for (int i = 0; i < first.size(); i++) {
            float[] expected = predictOne(model, examples.get(first.get(i).getInt(0)));
            assertSameBits(floats(first.get(i), "output"), expected);
            assertSameBits(floats(second.get(i), "output"), expected);
        }
    }

    /** Scores {@code n} random rows in {@code slices} partitions and compares each with predict. */
    private void checkAgainstPredict(String fixture, DataType elements, int n, int slices, int batch)
            throws Exception {
        KerasModel model = KerasModel.load(SparkTestSession.fixture(fixture));
        boolean ids = elements.equals(DataTypes.IntegerType);
        List<float[][]> examples = examples(model, n, fixture.hashCode(), ids);
        List<DataType> types = new ArrayList<>();
        for (int i = 0; i < model.inputShapes().size(); i++) {
            types.add(elements);
        }
        Dataset<Row> data = frame(examples, types, slices);
        Dataset<Row> scored = transformer(fixture).setBatchSize(batch).transform(data);
        List<Row> rows = scored.collectAsList();
        assertThat(rows).hasSize(n);
        String[] outs = KerasModelTransformer.defaultNames("output", model.outputShapes().size());
        for (Row row : rows) {
            int id = row.getInt(0);
            float[][] example = examples.get(id);
            List<NdArray> expected = predictAll(model, example);
            for (int o = 0; o < outs.length; o++) {
                assertSameBits(floats(row, outs[o]), expected.get(o).data());
            }
        }
        assertThat(rows.stream().map(r -> r.getInt(0)).sorted().toList())
                .isEqualTo(java.util.stream.IntStream.range(0, n).boxed().toList());
    }

    static KerasModelTransformer transformer(String fixture) throws Exception {
        return new KerasModelTransformer().setModelBytes(Files.readAllBytes(SparkTestSession.fixture(fixture)));
    }

    /** Random examples, one float array per model input; token ids in [0, 10) when {@code ids}. */
    static List<float[][]> examples(KerasModel model, int n, long seed, boolean ids) {
        Random random = new Random(seed);
        List<Shape> shapes = model.inputShapes();
        List<float[][]> examples = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            float[][] inputs = new float[shapes.size()][];
            for (int i = 0; i < shapes.size(); i++) {
                inputs[i] = new float[shapes.get(i).elementCount()];
                for (int k = 0; k < inputs[i].length; k++) {
                    inputs[i][k] = ids ? random.nextInt(10) : (float) random.nextGaussian();
                }
            }
            examples.add(inputs);
        }
        return examples;
    }

    /** Columns id, input (or input_0, ...) holding the examples in the given type, in {@code slices}. */
    Dataset<Row> frame(List<float[][]> examples, List<DataType> types, int slices) {
        String[] names = KerasModelTransformer.defaultNames("input", types.size());
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("id", DataTypes.IntegerType, false));
        for (int i = 0; i < types.size(); i++) {
            DataType t = types.get(i) instanceof VectorUDT ? types.get(i) : DataTypes.createArrayType(types.get(i));
            fields.add(DataTypes.createStructField(names[i], t, true));
        }
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < examples.size(); r++) {
            Object[] values = new Object[types.size() + 1];
            values[0] = r;
            for (int i = 0; i < types.size(); i++) {
                values[i + 1] = value(examples.get(r)[i], types.get(i));
            }
            rows.add(RowFactory.create(values));
        }
        StructType schema = DataTypes.createStructType(fields);
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(rows, slices), schema);
    }

    static Object value(float[] x, DataType type) {
        if (type instanceof VectorUDT) {
            double[] d = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                d[i] = x[i];
            }
            return Vectors.dense(d);
        }
        if (type.equals(DataTypes.DoubleType)) {
            double[] d = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                d[i] = x[i];
            }
            return d;
        }
        if (type.equals(DataTypes.IntegerType)) {
            int[] ids = new int[x.length];
            for (int i = 0; i < x.length; i++) {
                ids[i] = (int) x[i];
            }
            return ids;
        }
        return x.clone();
    }

    static List<NdArray> predictAll(KerasModel model, float[][] example) {
        List<NdArray> batch = new ArrayList<>();
        for (int i = 0; i < example.length; i++) {
            batch.add(NdArray.of(example[i].clone(), model.inputShapes().get(i).withBatch(1)));
        }
        return model.predict(batch);
    }

    static float[] predictOne(KerasModel model, float[][] example) {
        return predictAll(model, example).get(0).data();
    }

    static float[] floats(Row row, String column) {
        List<Float> list = row.getList(row.fieldIndex(column));
        float[] f = new float[list.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = list.get(i);
        }
        return f;
    }

    static void assertSameBits(float[] actual, float[] expected) {
        int[] a = new int[actual.length];
        int[] e = new int[expected.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = Float.floatToRawIntBits(actual[i]);
        }
        for (int i = 0; i < e.length; i++) {
            e[i] = Float.floatToRawIntBits(expected[i]);
        }
        assertThat(a).as("bits of %s vs %s", Arrays.toString(actual), Arrays.toString(expected)).isEqualTo(e);
    }
}
