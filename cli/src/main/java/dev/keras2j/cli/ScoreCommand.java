package dev.keras2j.cli;

import dev.keras2j.KerasModel;
import dev.keras2j.spark.ScoreJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code keras2j score}: scores a data set with a model on Apache Spark (embedded, or the cluster
 * {@code spark-submit} names). The model is read and checked before Spark starts. Spark's classes are
 * reached only through {@link ScoreJob}, when this command runs: {@code bin/keras2j} adds Spark's jars to
 * the class path for this command alone.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Scores a data set with a model on Apache Spark and writes the input's columns plus the "
                + "model's outputs.",
            "Each input column holds one example per row, flattened row-major: array<float>, array<double>, "
                    + "array<int> (token ids) or an ML vector; in CSV, a JSON array as text. Output columns are "
                    + "array<float> (JSON text in CSV)."})
final class ScoreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "A .h5 or .keras file.")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "DATA",
            description = "The data set: a Parquet, CSV (with a header) or JSON-lines file or folder; a local path "
                    + "or a Hadoop URI (hdfs://, s3a://, ...).")
    String input;

    @Option(names = "--output", required = true, paramLabel = "OUT",
            description = "Where to write (a folder, as Spark writes); must not exist. Nothing is left there if the "
                    + "job fails.")
    String output;

    @Option(names = "--input-col", paramLabel = "C",
            description = "An input column, once per model input in Keras's order (default: input, or input_0, "
                    + "input_1, ...).")
    List<String> inputCols = new ArrayList<>();

    @Option(names = "--output-col", paramLabel = "C",
            description = "An output column, once per model output (default: output, or output_0, output_1, ...).")
    List<String> outputCols = new ArrayList<>();

    @Option(names = "--batch", paramLabel = "N", description = "Rows per mini-batch (default: ${DEFAULT-VALUE}).")
    int batch = 256;

    @Option(names = "--format", paramLabel = "F",
            description = "Output format: parquet, csv or json (default: ${DEFAULT-VALUE}).")
    String format = "parquet";

    @Option(names = "--input-format", paramLabel = "F",
            description = "Input format: parquet, csv or json (default: from DATA's extension, or the files in "
                    + "the folder; parquet when unsure).")
    String inputFormat;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (default: ${DEFAULT-VALUE}, an embedded Spark using every core).")
    String master = "local[*]";

    @Option(names = "--on-error", paramLabel = "MODE",
            description = "A row that cannot be scored (null, wrong length): 'fail' the command (exit 1, the "
                    + "default), or 'null': null outputs and the reason in an 'error' column.")
    String onError = "fail";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String outFormat = checkFormat("--format", format);
        if (batch < 1) {
            throw new UsageException("--batch must be at least 1");
        }
        if (!onError.equals("fail") && !onError.equals("null")) {
            throw new UsageException("--on-error must be 'fail' or 'null', not '" + onError + "'");
        }
        Path local = localPath(input);
        if (local != null && !Files.exists(local)) {
            throw new UsageException("input not found: " + input);
        }
        Path localOut = localPath(output);
        if (localOut != null && Files.exists(localOut)) {
            throw new UsageException("the output " + output + " exists; choose another or remove it");
        }
        String inFormat = inputFormat != null ? checkFormat("--input-format", inputFormat) : detectFormat(local);
        // The model is read and checked before Spark starts: a refused model exits 3 here.
        byte[] bytes = modelBytes();
        KerasModel m = KerasModel.load(model);
        int inputs = m.inputShapes().size();
        if (!inputCols.isEmpty() && inputCols.size() != inputs) {
            throw new UsageException("the model has " + inputs + " inputs but " + inputCols.size()
                    + " --input-col were given");
        }
        if (!outputCols.isEmpty() && outputCols.size() != m.outputShapes().size()) {
            throw new UsageException("the model has " + m.outputShapes().size() + " outputs but "
                    + outputCols.size() + " --output-col were given");
        }
        ScoreJob.Result result;
        try {
            result = ScoreJob.run(new ScoreJob.Request(bytes, input, inFormat, output, outFormat, inputCols,
                    outputCols, batch, onError.equals("null"), master));
        } catch (NoClassDefFoundError e) {
            throw new UsageException("score needs Apache Spark on the class path (bin/keras2j adds it): "
                    + e.getMessage());
        } catch (Exception e) {
            // Spark's own exceptions are checked ones (SparkException) that Scala throws undeclared
            String bad = ScoreJob.badRowMessage(e);
            if (bad != null) {
                spec.commandLine().getErr().println("keras2j: " + input + ": " + bad);
                return Keras2jCli.EXIT_CHECK_FAILED;
            }
            if (e instanceof IllegalArgumentException || isSparkAnalysisError(e)) {
                throw new UsageException(input + ": " + firstLine(e.getMessage()));
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e.toString(), e);
        }
        spec.commandLine().getOut().printf("wrote %s (%s): columns %s%n", result.output(), outFormat,
                String.join(", ", result.columns()));
        return 0;
    }

    /** The model file's bytes; an architecture JSON (weights in another file) cannot be shipped as one. */
    private byte[] modelBytes() {
        if (!Files.isRegularFile(model)) {
            throw new UsageException("model file not found: " + model);
        }
        try (InputStream in = Files.newInputStream(model)) {
            byte[] head = in.readNBytes(4);
            boolean hdf5 = head.length == 4 && (head[0] & 0xff) == 0x89 && head[1] == 'H' && head[2] == 'D'
                    && head[3] == 'F';
            boolean zip = head.length >= 2 && head[0] == 'P' && head[1] == 'K';
            if (!hdf5 && !zip) {
                // let the reader word what the file is (a JSON, not Keras at all): exit 3 as for every command
                KerasModel.load(model);
                throw new UsageException(model + ": score reads a .h5 or .keras file (an architecture JSON's "
                        + "weights are in another file); save the model whole with model.save(\"m.keras\")");
            }
            return Files.readAllBytes(model);
        } catch (IOException e) {
            throw new UsageException("cannot read " + model + ": " + e.getMessage());
        }
    }

    private static String checkFormat(String option, String value) {
        String f = value.toLowerCase(Locale.ROOT);
        if (!List.of("parquet", "csv", "json").contains(f)) {
            throw new UsageException(option + " must be parquet, csv or json, not '" + value + "'");
        }
        return f;
    }

    /** The input's format from its extension, or from the first data file in a folder. */
    private static String detectFormat(Path local) {
        if (local == null) {
            return "parquet";
        }
        String name = local.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isDirectory(local)) {
            try (var files = Files.list(local)) {
                name = files.map(p -> p.getFileName().toString().toLowerCase(Locale.ROOT))
                        .filter(n -> !n.startsWith(".") && !n.startsWith("_")).findFirst().orElse(name);
            } catch (IOException e) {
                throw new UsageException("cannot list " + local + ": " + e.getMessage());
            }
        }
        if (name.endsWith(".csv")) {
            return "csv";
        }
        if (name.endsWith(".json") || name.endsWith(".jsonl")) {
            return "json";
        }
        return "parquet";
    }

    /** The local file a path or {@code file:} URI names; null for another file system (hdfs:, s3a:, ...). */
    static Path localPath(String location) {
        int colon = location.indexOf(':');
        if (colon > 1 && location.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            return location.startsWith("file:") ? Path.of(URI.create(location)) : null;
        }
        return Path.of(location);
    }

    private static boolean isSparkAnalysisError(Throwable e) {
        return e.getClass().getName().equals("org.apache.spark.sql.AnalysisException");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
