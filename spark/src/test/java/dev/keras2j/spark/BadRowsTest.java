package dev.keras2j.spark;

import dev.keras2j.KerasModel;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.keras2j.spark.KerasModelTransformerTest.assertSameBits;
import static dev.keras2j.spark.KerasModelTransformerTest.floats;
import static dev.keras2j.spark.KerasModelTransformerTest.predictOne;
import static dev.keras2j.spark.KerasModelTransformerTest.transformer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rows that cannot be scored, under both options; and columns that do not fit the model. */
class BadRowsTest {
    private static final String MLP = "dense_activations";
    private final SparkSession spark = SparkTestSession.get();

    /** Rows 0..9 of the MLP's 5 values; row 3 is null, row 5 has 4 values, row 8 a null element, row 9 6. */
    private Dataset<Row> data() {
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("id", DataTypes.IntegerType, false),
                DataTypes.createStructField("input", DataTypes.createArrayType(DataTypes.FloatType, true), true)));
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < 10; r++) {
            Object value = good(r);
            if (r == 3) {
                value = null;
            } else if (r == 5) {
                value = new float[] {1, 2, 3, 4};
            } else if (r == 8) {
                value = scala.jdk.javaapi.CollectionConverters.asScala(Arrays.asList(1f, 2f, null, 4f, 5f)).toSeq();
            } else if (r == 9) {
                value = new float[6];
            }
            rows.add(RowFactory.create(r, value));
        }
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 3),
                schema);
    }

    private static float[] good(int r) {
        return new float[] {r, -r / 2f, 0.25f * r, 1, -1};
    }

    @Test
    void failFastNamesTheRowAndTheColumn() throws Exception {
        Dataset<Row> scored = transformer(MLP).setBatchSize(4).transform(data());
        assertThatThrownBy(scored::collectAsList)
                .satisfies(e -> assertThat(rootMessages(e)).anyMatch(m -> m.matches(
                        "row [0-9] of partition [12]: column 'input' (is null|has 4 values; .*|has a null at .*)")));
    }

    @Test
    void nullOutputsAndTheReasonUnderTheNullOption() throws Exception {
        KerasModel model = KerasModel.load(SparkTestSession.fixture(MLP));
        List<Row> rows = transformer(MLP).setBatchSize(3).setOnError("null").setArgmaxCol("best")
                .transform(data()).collectAsList();
        assertThat(rows).hasSize(10);
        for (Row row : rows) {
            int id = row.getInt(0);
            int out = row.fieldIndex("output");
            String error = row.getString(row.fieldIndex("error"));
            switch (id) {
                case 3 -> assertThat(error).isEqualTo("column 'input' is null");
                case 5 -> assertThat(error)
                        .isEqualTo("column 'input' has 4 values; the model's input of shape (5,) takes 5");
                case 8 -> assertThat(error).isEqualTo("column 'input' has a null at position 2");
                case 9 -> assertThat(error)
                        .isEqualTo("column 'input' has 6 values; the model's input of shape (5,) takes 5");
                default -> {
                    assertThat(error).isNull();
                    float[] expected = predictOne(model, new float[][] {good(id)});
                    assertSameBits(floats(row, "output"), expected);
                    assertThat(row.getInt(row.fieldIndex("best"))).isEqualTo(PartitionScorer.argmax(expected));
                    continue;
                }
            }
            assertThat(row.isNullAt(out)).isTrue();
            assertThat(row.isNullAt(row.fieldIndex("best"))).isTrue();
        }
    }

    @Test
    void tokenIdsBeyondFloatPrecisionAreBadRows() throws Exception {
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("input", DataTypes.createArrayType(DataTypes.IntegerType), true)));
        List<Row> rows = List.of(RowFactory.create((Object) new int[] {1, 2, 3, 4, 5, 1 << 24}));
        Dataset<Row> data = spark.createDataFrame(rows, schema);
        Row row = transformer("embedding_mask_zero_lstm").setOnError("null").transform(data).first();
        assertThat(row.getString(row.fieldIndex("error"))).isEqualTo("column 'input' holds token id 16777216 at "
                + "position 5, beyond the ids a float represents exactly (|id| < 2^24)");
    }

    @Test
    void columnsThatDoNotFitTheModelFailBeforeAnyJob() throws Exception {
        Dataset<Row> data = data();
        assertThatThrownBy(() -> transformer(MLP).setInputCol("nope").transform(data))
                .hasMessageContaining("no input column 'nope' (columns: id, input)");
        assertThatThrownBy(() -> transformer(MLP).setInputCol("id").transform(data))
                .hasMessageContaining("input column 'id' is int; keras2j-spark reads array<float>");
        assertThatThrownBy(() -> transformer(MLP).setInputCols(new String[] {"input", "input"}).transform(data))
                .hasMessageContaining("the model has 1 inputs but 2 input columns were given");
        assertThatThrownBy(() -> transformer(MLP).setOutputCol("id").transform(data))
                .hasMessageContaining("column 'id' would be written twice");
    }

    private static List<String> rootMessages(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        return messages;
    }
}
