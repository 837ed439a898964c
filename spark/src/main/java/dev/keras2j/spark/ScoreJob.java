package dev.keras2j.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The job behind {@code keras2j score}: reads a data set (Parquet, CSV or JSON), scores it with a
 * {@link KerasModelTransformer} and writes the input's columns plus the outputs. Its signature names no
 * Spark type, so the command line links to it without Spark on its class path until a score runs.
 *
 * <p>CSV has no array type: there an input column holds a JSON array as text ({@code "[0.5, 1, 2]"}), and
 * array columns are written as JSON text. A JSON or CSV string column is parsed the same way.
 */
public final class ScoreJob {
    private ScoreJob() {
    }

    /**
     * What to score.
     *
     * @param modelBytes   the {@code .h5} or {@code .keras} file's bytes (already checked by the caller)
     * @param input        the data set: a file or a folder, on any Hadoop file system
     * @param inputFormat  {@code parquet}, {@code csv} or {@code json}
     * @param output       where to write; must not exist. Written to a sibling folder first, renamed when done
     * @param outputFormat {@code parquet}, {@code csv} or {@code json}
     * @param inputCols    one column per model input, or empty for the defaults
     * @param outputCols   one column per model output, or empty for the defaults
     * @param batchSize    rows per mini-batch
     * @param nullOnError  a bad row gets null outputs and an {@code error} column instead of failing the job
     * @param master       the Spark master URL, or null to use the one {@code spark-submit} set
     */
    public record Request(byte[] modelBytes, String input, String inputFormat, String output, String outputFormat,
                          List<String> inputCols, List<String> outputCols, int batchSize, boolean nullOnError,
                          String master) {
    }

    /** What the job wrote. */
    public record Result(String output, List<String> columns) {
    }

    /**
     * Runs the job in a session of its own (stopped at the end).
     *
     * @throws BadRowException          a row could not be scored (without {@code nullOnError})
     * @throws IllegalArgumentException the data does not fit the model (columns missing, of another type)
     */
    public static Result run(Request request) {
        SparkSession.Builder builder = SparkSession.builder().appName("keras2j score")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false");
        if (request.master() != null) {
            builder.master(request.master());
        }
        SparkSession spark = builder.getOrCreate();
        try {
            return run(spark, request);
        } finally {
            spark.stop();
        }
    }

    /** Runs the job in the given session. */
    public static Result run(SparkSession spark, Request request) {
        Dataset<Row> data = read(spark, request.input(), request.inputFormat());
        KerasModelTransformer scorer = new KerasModelTransformer().setModelBytes(request.modelBytes())
                .setBatchSize(request.batchSize()).setOnError(request.nullOnError() ? "null" : "fail");
        int inputs = scorer.model().inputShapes().size();
        String[] inCols = request.inputCols().isEmpty() ? KerasModelTransformer.defaultNames("input", inputs)
                : request.inputCols().toArray(String[]::new);
        scorer.setInputCols(inCols);
        if (!request.outputCols().isEmpty()) {
            scorer.setOutputCols(request.outputCols().toArray(String[]::new));
        }
        data = parseTextArrays(data, inCols);
        Dataset<Row> scored = scorer.transform(data);
        if (request.outputFormat().equals("csv")) {
            scored = arraysAsJsonText(scored);
        }
        write(spark, scored, request.output(), request.outputFormat());
        return new Result(request.output(), List.of(scored.columns()));
    }

    private static Dataset<Row> read(SparkSession spark, String input, String format) {
        DataFrameReader reader = spark.read();
        return switch (format) {
            case "parquet" -> reader.parquet(input);
            case "csv" -> reader.option("header", "true").option("inferSchema", "true").csv(input);
            case "json" -> reader.json(input);
            default -> throw new IllegalArgumentException("unknown data format '" + format + "'");
        };
    }

    /** An input column holding text (CSV, or JSON strings) is read as a JSON array of numbers. */
    private static Dataset<Row> parseTextArrays(Dataset<Row> data, String[] inputCols) {
        for (String c : inputCols) {
            for (StructField f : data.schema().fields()) {
                if (f.name().equals(c) && f.dataType() instanceof StringType) {
                    data = data.withColumn(c, functions.from_json(functions.col(c),
                            DataTypes.createArrayType(DataTypes.DoubleType), java.util.Map.of()));
                }
            }
        }
        return data;
    }

    /** CSV cannot hold arrays: every array column is written as its JSON text. */
    private static Dataset<Row> arraysAsJsonText(Dataset<Row> data) {
        List<Column> columns = new ArrayList<>();
        for (StructField f : data.schema().fields()) {
            Column c = functions.col(f.name());
            columns.add(f.dataType() instanceof ArrayType ? functions.to_json(c).as(f.name()) : c);
        }
        return data.select(columns.toArray(Column[]::new));
    }

    /** Writes beside the destination, then renames: a failed job leaves nothing at {@code output}. */
    private static void write(SparkSession spark, Dataset<Row> data, String output, String format) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        org.apache.hadoop.fs.Path dest = new org.apache.hadoop.fs.Path(output);
        org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(dest.getParent() == null ? dest
                : dest.getParent(), "." + dest.getName() + ".keras2j-" + UUID.randomUUID());
        try {
            FileSystem fs = dest.getFileSystem(conf);
            if (fs.exists(dest)) {
                throw new IllegalArgumentException("the output " + output + " exists");
            }
            boolean done = false;
            try {
                var writer = data.write();
                switch (format.toLowerCase(Locale.ROOT)) {
                    case "parquet" -> writer.parquet(tmp.toString());
                    case "csv" -> writer.option("header", "true").csv(tmp.toString());
                    case "json" -> writer.json(tmp.toString());
                    default -> throw new IllegalArgumentException("unknown data format '" + format + "'");
                }
                if (!fs.rename(tmp, dest)) {
                    throw new IOException("cannot rename " + tmp + " to " + dest);
                }
                done = true;
            } finally {
                if (!done) {
                    fs.delete(tmp, true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output + ": " + e.getMessage(), e);
        }
    }

    /**
     * Why a failed Spark job failed, when a bad row did: the {@link BadRowException}'s message (found among
     * the causes, or, when Spark kept only the executor's text, in a message), else null.
     */
    public static String badRowMessage(Throwable failure) {
        String marker = BadRowException.class.getName() + ": ";
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BadRowException) {
                return t.getMessage();
            }
            String m = t.getMessage();
            int at = m == null ? -1 : m.indexOf(marker);
            if (at >= 0) {
                String rest = m.substring(at + marker.length());
                int nl = rest.indexOf('\n');
                return nl < 0 ? rest : rest.substring(0, nl);
            }
        }
        return null;
    }
}
