package dev.keras2j.spark;

import dev.keras2j.KerasModel;
import dev.keras2j.model.Shape;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * A Spark ML {@link Transformer} that scores a data set with a Keras model run by keras2j's pure-Java
 * runtime: no TensorFlow, no native library on the executors.
 *
 * <pre>{@code
 * KerasModelTransformer scorer = new KerasModelTransformer()
 *     .setModelPath("hdfs:///models/mnist.h5")      // or setModelBytes(bytes)
 *     .setInputCols(new String[] {"pixels"})
 *     .setArgmaxCol("label");
 * Dataset<Row> scored = scorer.transform(images);
 * }</pre>
 *
 * <ul>
 *   <li><b>Model:</b> a {@code .h5} or {@code .keras} file on any Hadoop file system the driver reads, or its
 *       bytes. The driver reads and checks it (a refused model fails before any job starts) and broadcasts
 *       the bytes; each executor JVM loads it once, cached by the bytes' SHA-256.</li>
 *   <li><b>Inputs:</b> one column per model input, in Keras's order ({@code input}, or {@code input_0},
 *       {@code input_1}, ... by default): {@code array<float>}, {@code array<double>}, ML {@code Vector} or
 *       {@code array<int>} token ids, one example per row flattened row-major, reshaped to the input's
 *       shape (every axis's size must be known).</li>
 *   <li><b>Outputs:</b> one {@code array<float>} column per model output ({@code output}, or
 *       {@code output_0}, ...), flattened row-major; optionally the argmax ({@code int}) and the largest
 *       value ({@code float}) of the first output.</li>
 *   <li><b>Bad rows</b> (null, wrong length, a null element, a token id of 2^24 or more): with
 *       {@code onError = "fail"} (the default) the job fails naming the row; with {@code "null"} the row
 *       gets null outputs and the reason in {@link #errorCol()}.</li>
 *   <li><b>Batches:</b> rows are scored {@link #batchSize()} at a time inside each partition. An example's
 *       outputs do not depend on the batch around it: they equal {@link KerasModel#predict} bit for bit.</li>
 *   <li><b>Persistence:</b> {@link #write()} saves the parameters and the model's bytes; {@link #read()}
 *       or {@link #load(String)} restores it, also as a stage of a saved {@code PipelineModel}.</li>
 * </ul>
 *
 * <p>From PySpark, by class name: {@code spark._jvm.dev.keras2j.spark.KerasModelTransformer()}, or as a
 * {@code JavaTransformer} wrapper (see docs/spark.md).
 */
public final class KerasModelTransformer extends Transformer implements MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> modelPath;
    private final StringArrayParam inputCols;
    private final StringArrayParam outputCols;
    private final IntParam batchSize;
    private final Param<String> argmaxCol;
    private final Param<String> maxProbabilityCol;
    private final Param<String> onError;
    private final Param<String> errorCol;

    /** The model file's bytes once set or read from {@link #modelPath()}; persisted with the transformer. */
    private byte[] modelBytes;
    private String bytesFromPath;

    /** A transformer with a fresh unique id. */
    public KerasModelTransformer() {
        this(Identifiable$.MODULE$.randomUID("kerasModel"));
    }

    /** A transformer with the given id (Spark ML's copy and read, and PySpark's wrappers, use this). */
    public KerasModelTransformer(String uid) {
        this.uid = uid;
        modelPath = new Param<>(this, "modelPath",
                "the .h5 or .keras file, on any Hadoop file system the driver reads");
        inputCols = new StringArrayParam(this, "inputCols",
                "one column per model input, in Keras's order (default input, or input_0, input_1, ...)");
        outputCols = new StringArrayParam(this, "outputCols",
                "one column per model output (default output, or output_0, output_1, ...)");
        batchSize = new IntParam(this, "batchSize", "rows scored together inside a partition",
                ParamValidators.gtEq(1));
        argmaxCol = new Param<>(this, "argmaxCol", "column for the index of the first output's largest value");
        maxProbabilityCol = new Param<>(this, "maxProbabilityCol", "column for the first output's largest value");
        onError = new Param<>(this, "onError",
                "a row that cannot be scored: 'fail' the job, or give 'null' outputs and the reason in errorCol",
                ParamValidators.inArray(new String[] {"fail", "null"}));
        errorCol = new Param<>(this, "errorCol", "column for why a row was not scored (onError = 'null')");
        setDefault(batchSize, 256);
        setDefault(onError, "fail");
        setDefault(errorCol, "error");
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The model file's path (parameter). */
    public Param<String> modelPath() {
        return modelPath;
    }

    /** The input columns (parameter). */
    public StringArrayParam inputCols() {
        return inputCols;
    }

    /** The output columns (parameter). */
    public StringArrayParam outputCols() {
        return outputCols;
    }

    /** Rows per mini-batch (parameter, default 256). */
    public IntParam batchSize() {
        return batchSize;
    }

    /** The argmax column (parameter, none by default). */
    public Param<String> argmaxCol() {
        return argmaxCol;
    }

    /** The largest-value column (parameter, none by default). */
    public Param<String> maxProbabilityCol() {
        return maxProbabilityCol;
    }

    /** What a bad row does: {@code fail} (default) or {@code null} (parameter). */
    public Param<String> onError() {
        return onError;
    }

    /** The error-message column with {@code onError = "null"} (parameter, default {@code error}). */
    public Param<String> errorCol() {
        return errorCol;
    }

    /** Reads the model from this path (local, HDFS, S3, ... through the session's Hadoop configuration). */
    public KerasModelTransformer setModelPath(String path) {
        set(modelPath, path);
        modelBytes = null;
        bytesFromPath = null;
        return this;
    }

    /** Uses the bytes of a {@code .h5} or {@code .keras} file as the model (clears any model path). */
    public KerasModelTransformer setModelBytes(byte[] bytes) {
        clear(modelPath);
        modelBytes = bytes.clone();
        bytesFromPath = null;
        return this;
    }

    /** Sets the input column of a one-input model. */
    public KerasModelTransformer setInputCol(String column) {
        return setInputCols(new String[] {column});
    }

    /** Sets the input columns, one per model input in Keras's order. */
    public KerasModelTransformer setInputCols(String[] columns) {
        set(inputCols, columns);
        return this;
    }

    /** Sets the output column of a one-output model. */
    public KerasModelTransformer setOutputCol(String column) {
        return setOutputCols(new String[] {column});
    }

    /** Sets the output columns, one per model output in Keras's order. */
    public KerasModelTransformer setOutputCols(String[] columns) {
        set(outputCols, columns);
        return this;
    }

    /** Sets the rows per mini-batch. */
    public KerasModelTransformer setBatchSize(int rows) {
        set(batchSize, rows);
        return this;
    }

    /** Adds a column with the index of the first output's largest value. */
    public KerasModelTransformer setArgmaxCol(String column) {
        set(argmaxCol, column);
        return this;
    }

    /** Adds a column with the first output's largest value. */
    public KerasModelTransformer setMaxProbabilityCol(String column) {
        set(maxProbabilityCol, column);
        return this;
    }

    /** {@code "fail"} (default) or {@code "null"}: see the class documentation. */
    public KerasModelTransformer setOnError(String mode) {
        set(onError, mode);
        return this;
    }

    /** Sets the error-message column used with {@code onError = "null"}. */
    public KerasModelTransformer setErrorCol(String column) {
        set(errorCol, column);
        return this;
    }

    /** The model file's bytes: those set, or those read (once) from the model path on the driver. */
    public synchronized byte[] modelBytes() {
        if (isDefined(modelPath)) {
            String path = $(modelPath);
            if (!path.equals(bytesFromPath)) {
                modelBytes = HadoopFiles.read(path, SparkSession.active().sparkContext().hadoopConfiguration());
                bytesFromPath = path;
            }
        }
        if (modelBytes == null) {
            throw new IllegalArgumentException("KerasModelTransformer " + uid + ": no model (setModelPath or "
                    + "setModelBytes)");
        }
        return modelBytes;
    }

    /** The model, loaded (or found in this JVM's cache) on the driver. */
    public KerasModel model() {
        byte[] bytes = modelBytes();
        return ModelCache.get(ModelCache.sha256(bytes), () -> bytes);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return plan(schema).outputSchema;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        Plan plan = plan(dataset.schema());
        byte[] bytes = modelBytes();
        JavaSparkContext context = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        Broadcast<byte[]> shared = context.broadcast(bytes);
        PartitionScorer scorer = new PartitionScorer(ModelCache.sha256(bytes), shared, plan.inputs,
                plan.exampleShapes, rowsPerBatch(), nullOnError(), isDefined(argmaxCol),
                isDefined(maxProbabilityCol), dataset.schema().size());
        return dataset.toDF().mapPartitions(scorer, Encoders.row(plan.outputSchema));
    }

    private int rowsPerBatch() {
        Object rows = getOrDefault(batchSize);
        return (Integer) rows;
    }

    private boolean nullOnError() {
        return "null".equals($(onError));
    }

    /** The columns read and written, checked against the model and the input schema. */
    private Plan plan(StructType schema) {
        KerasModel model = model();
        List<Shape> inShapes = model.inputShapes();
        String[] ins = isDefined(inputCols) ? $(inputCols) : defaultNames("input", inShapes.size());
        if (ins.length != inShapes.size()) {
            throw new IllegalArgumentException("the model has " + inShapes.size() + " inputs but "
                    + ins.length + " input columns were given: " + String.join(", ", ins));
        }
        List<String> inputNames = model.description().spec().inputs().stream().map(i -> i.name()).toList();
        InputColumn[] inputs = new InputColumn[ins.length];
        int[][] exampleShapes = new int[ins.length][];
        for (int i = 0; i < ins.length; i++) {
            inputs[i] = InputColumn.of(schema, ins[i], inShapes.get(i), inputNames.get(i));
            exampleShapes[i] = inShapes.get(i).dims();
        }
        int outCount = model.outputShapes().size();
        String[] outs = isDefined(outputCols) ? $(outputCols) : defaultNames("output", outCount);
        if (outs.length != outCount) {
            throw new IllegalArgumentException("the model has " + outCount + " outputs but " + outs.length
                    + " output columns were given: " + String.join(", ", outs));
        }
        boolean nullable = nullOnError();
        List<StructField> fields = new ArrayList<>(List.of(schema.fields()));
        for (String out : outs) {
            fields.add(DataTypes.createStructField(out, DataTypes.createArrayType(DataTypes.FloatType, false),
                    nullable));
        }
        if (isDefined(argmaxCol)) {
            fields.add(DataTypes.createStructField($(argmaxCol), DataTypes.IntegerType, true));
        }
        if (isDefined(maxProbabilityCol)) {
            fields.add(DataTypes.createStructField($(maxProbabilityCol), DataTypes.FloatType, true));
        }
        if (nullable) {
            fields.add(DataTypes.createStructField($(errorCol), DataTypes.StringType, true));
        }
        List<String> seen = new ArrayList<>();
        for (StructField f : fields) {
            if (seen.contains(f.name())) {
                throw new IllegalArgumentException("column '" + f.name() + "' would be written twice (it is "
                        + "already in the data, or named twice)");
            }
            seen.add(f.name());
        }
        return new Plan(inputs, exampleShapes, DataTypes.createStructType(fields));
    }

    /** {@code input} for one, {@code input_0, input_1, ...} for several: the names of predict's npz files. */
    static String[] defaultNames(String stem, int count) {
        if (count == 1) {
            return new String[] {stem};
        }
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = stem + "_" + i;
        }
        return names;
    }

    private record Plan(InputColumn[] inputs, int[][] exampleShapes, StructType outputSchema) {
    }

    @Override
    public KerasModelTransformer copy(ParamMap extra) {
        KerasModelTransformer copy = new KerasModelTransformer(uid);
        copy.modelBytes = modelBytes;
        copy.bytesFromPath = bytesFromPath;
        return copyValues(copy, extra);
    }

    @Override
    public MLWriter write() {
        return new KerasModelTransformerIO.Writer(this);
    }

    /** The reader of a saved transformer (Spark ML's convention, also used by {@code PipelineModel.load}). */
    public static MLReader<KerasModelTransformer> read() {
        return new KerasModelTransformerIO.Reader();
    }

    /** Reads a transformer saved with {@link #write()}. */
    public static KerasModelTransformer load(String path) {
        return read().load(path);
    }

    /** For the reader: the bytes restored from a saved transformer. */
    void restoreModelBytes(byte[] bytes) {
        modelBytes = bytes;
        bytesFromPath = isDefined(modelPath) ? $(modelPath) : null;
    }
}
