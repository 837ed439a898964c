package dev.keras2j.spark;

import dev.keras2j.model.Keras2jException;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code spark-submit} entry point of the cluster jar: {@code keras2j score}'s arguments
 * ({@code MODEL --input DATA --output OUT [--input-col C ...] [--output-col C ...] [--batch N]
 * [--format F] [--input-format F] [--on-error fail|null]}), with MODEL any Hadoop path and the master
 * spark-submit's. Exit codes as {@code keras2j}'s: 1 a row could not be scored, 2 usage, 3 the model is
 * unreadable or refused (checked before any task runs).
 */
public final class ScoreMain {
    private ScoreMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        String model = null;
        String input = null;
        String output = null;
        String format = "parquet";
        String inputFormat = null;
        String onError = "fail";
        int batch = 256;
        List<String> inputCols = new ArrayList<>();
        List<String> outputCols = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--input" -> input = value(args, ++i, a);
                    case "--output" -> output = value(args, ++i, a);
                    case "--input-col" -> inputCols.add(value(args, ++i, a));
                    case "--output-col" -> outputCols.add(value(args, ++i, a));
                    case "--batch" -> batch = Integer.parseInt(value(args, ++i, a));
                    case "--format" -> format = value(args, ++i, a).toLowerCase(Locale.ROOT);
                    case "--input-format" -> inputFormat = value(args, ++i, a).toLowerCase(Locale.ROOT);
                    case "--on-error" -> onError = value(args, ++i, a);
                    case "--master" -> value(args, ++i, a); // spark-submit's master wins
                    default -> {
                        if (a.startsWith("--") || model != null) {
                            throw new IllegalArgumentException("unexpected argument '" + a + "'");
                        }
                        model = a;
                    }
                }
            }
            if (model == null || input == null || output == null) {
                throw new IllegalArgumentException("usage: ScoreMain MODEL --input DATA --output OUT [options]");
            }
            if (batch < 1 || !List.of("fail", "null").contains(onError)
                    || !List.of("parquet", "csv", "json").contains(format)) {
                throw new IllegalArgumentException("--batch must be at least 1, --on-error fail or null, "
                        + "--format parquet, csv or json");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("keras2j: " + e.getMessage());
            return 2;
        }
        SparkSession spark = SparkSession.builder().appName("keras2j score").getOrCreate();
        try {
            byte[] bytes;
            try {
                byte[] read = HadoopFiles.read(model, spark.sparkContext().hadoopConfiguration());
                ModelCache.get(ModelCache.sha256(read), () -> read);
                bytes = read;
            } catch (Keras2jException e) {
                System.err.println("keras2j: " + e.getMessage());
                return 3;
            } catch (RuntimeException e) {
                System.err.println("keras2j: " + model + ": " + e.getMessage());
                return 3;
            }
            String inFormat = inputFormat != null ? inputFormat : guessFormat(input);
            ScoreJob.Result r = ScoreJob.run(spark, new ScoreJob.Request(bytes, input, inFormat, output, format,
                    inputCols, outputCols, batch, onError.equals("null"), null));
            System.out.println("wrote " + r.output() + " (" + format + "): columns " + String.join(", ", r.columns()));
            return 0;
        } catch (Exception e) {
            String bad = ScoreJob.badRowMessage(e);
            if (bad != null) {
                System.err.println("keras2j: " + input + ": " + bad);
                return 1;
            }
            if (e instanceof IllegalArgumentException) {
                System.err.println("keras2j: " + input + ": " + e.getMessage());
                return 2;
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e.toString(), e);
        } finally {
            spark.stop();
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** By extension: .csv, .json/.jsonl; Parquet otherwise (a folder of part files: pass --input-format). */
    private static String guessFormat(String input) {
        String name = input.toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return "csv";
        }
        if (name.endsWith(".json") || name.endsWith(".jsonl")) {
            return "json";
        }
        return "parquet";
    }
}
