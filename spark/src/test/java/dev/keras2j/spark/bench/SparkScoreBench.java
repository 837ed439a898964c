package dev.keras2j.spark.bench;

import dev.keras2j.KerasModel;
import dev.keras2j.model.NdArray;
import dev.keras2j.spark.KerasModelTransformer;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Rows per second of {@link KerasModelTransformer} on an embedded Spark against a plain Java loop of
 * {@link KerasModel#predict} over the same batches, in one JVM, alternating. Not a test: run by hand (see
 * docs/benchmarks.md).
 *
 * <p>Usage: {@code SparkScoreBench MODEL ROWS BATCH [ROUNDS] [MASTER]}. Row {@code i} is example
 * {@code i % POOL} of a pool of random examples; Spark makes its rows from {@code range(ROWS)} in as many
 * partitions as the master has cores, scores them and discards them (the {@code noop} sink), so both sides
 * copy each example into a batch, run the model and drop the outputs.
 */
public final class SparkScoreBench {
    private SparkScoreBench() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long rows = Long.parseLong(args[1]);
        int batch = Integer.parseInt(args[2]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        String master = args.length > 4 ? args[4] : "local[2]";
        KerasModel model = KerasModel.load(file);
        int width = model.inputShape().elementCount();
        int pool = (int) Math.min(rows, Math.max(batch, 4 * 1024 * 1024 / (4 * width)));
        float[][] examples = new float[pool][width];
        Random random = new Random(42);
        for (float[] e : examples) {
            for (int k = 0; k < width; k++) {
                e[k] = (float) random.nextGaussian();
            }
        }
        SparkSession spark = SparkSession.builder().master(master).appName("keras2j spark bench")
                .config("spark.ui.enabled", "false").getOrCreate();
        int partitions = spark.sparkContext().defaultParallelism();
        KerasModelTransformer scorer = new KerasModelTransformer().setModelBytes(Files.readAllBytes(file))
                .setBatchSize(batch);
        System.out.printf("model %s, input %d floats, %d rows, batch %d, pool %d, master %s (%d partitions)%n",
                file.getFileName(), width, rows, batch, pool, master, partitions);
        // warm-up: both paths compiled, the Vector API path switched on
        long warm = Math.min(rows, 20L * batch);
        javaLoop(model, examples, warm, batch);
        spark(spark, scorer, examples, warm, partitions);
        List<String> lines = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            double java = javaLoop(model, examples, rows, batch);
            double sparkSec = spark(spark, scorer, examples, rows, partitions);
            lines.add(String.format("round %d: java loop %.1f s = %,.0f rows/s; spark %.1f s = %,.0f rows/s; "
                    + "overhead %+.1f%%", r, java, rows / java, sparkSec, rows / sparkSec,
                    100 * (sparkSec - java) / java));
            System.out.println(lines.get(lines.size() - 1));
        }
        spark.stop();
    }

    /** Seconds to predict {@code rows} examples in batches, copying each example into the batch. */
    static double javaLoop(KerasModel model, float[][] examples, long rows, int batch) {
        int width = examples[0].length;
        int[] shape = model.inputShape().withBatch(batch);
        float sink = 0;
        long start = System.nanoTime();
        for (long done = 0; done < rows; done += batch) {
            int n = (int) Math.min(batch, rows - done);
            float[] data = new float[n * width];
            for (int i = 0; i < n; i++) {
                System.arraycopy(examples[(int) ((done + i) % examples.length)], 0, data, i * width, width);
            }
            shape[0] = n;
            NdArray out = model.predict(NdArray.of(data, shape.clone()));
            sink += out.data()[0];
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (sink == 12345.678f) {
            System.out.println("unlikely");
        }
        return seconds;
    }

    /** Seconds for Spark to make {@code rows} rows, score them and discard the result. */
    static double spark(SparkSession spark, KerasModelTransformer scorer, float[][] examples, long rows,
                        int partitions) {
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("id", DataTypes.LongType, false),
                DataTypes.createStructField("input", DataTypes.createArrayType(DataTypes.FloatType, false), false)));
        MapFunction<Long, Row> toRow = id -> RowFactory.create(id, examples[(int) (id % examples.length)]);
        Dataset<Row> data = spark.range(0, rows, 1, partitions).map(toRow, Encoders.row(schema));
        long start = System.nanoTime();
        scorer.transform(data).write().format("noop").mode("overwrite").save();
        return (System.nanoTime() - start) / 1e9;
    }
}
