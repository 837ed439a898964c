// Checks keras2j against the real-world Keras 1/2 corpus through its command line, in one JVM.
// Run by .ci/run as: java -cp <keras2j classpath> .ci/CorpusCheck.java CORPUS_DIR
//
// For every model in .ci/corpus-expected.tsv (numbers derived from the files by
// fixtures/corpus_expectations.py) it runs `inspect --json` and checks the total parameter count and the
// output shape; then, as .ci/corpus-outcomes.tsv expects, `validate` against the corpus reference (must
// PASS at the default tolerance), `predict` on zeros for models without a reference (must run), or a
// refusal (exit 3) whose message contains the expected reason. Then `convert --to dl4j` (verified against
// the reference where there is one) must convert or be refused as expected, and DL4J's own
// KerasModelImport (`validate --engine dl4j-import`) must pass or fail as recorded, so the README's
// comparison with the peer stays true. Every model that validates or runs must also `convert --to onnx`,
// verified by ONNX Runtime. With --record it prints the observed outcomes as TSV instead.
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.keras2j.cli.Keras2jCli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public class CorpusCheck {
    record Run(int exit, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Keras2jCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args[0]);
        boolean record = args.length > 1 && args[1].equals("--record");
        Path ci = Path.of(".ci");
        Map<String, String[]> outcomes = new HashMap<>();
        for (String line : Files.readAllLines(ci.resolve("corpus-outcomes.tsv"))) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("id\t")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            outcomes.put(f[0], f);
        }
        int passed = 0;
        List<String> failures = new ArrayList<>();
        for (String line : Files.readAllLines(ci.resolve("corpus-expected.tsv"))) {
            if (line.startsWith("#") || line.startsWith("id\t")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            String id = f[0];
            Path dir = corpus.resolve(id);
            String model = dir.resolve(f[1]).toString();
            String weights = f[2].isEmpty() ? null : dir.resolve(f[2]).toString();
            String reference = f[3].isEmpty() ? null : dir.resolve(f[3]).normalize().toString();
            long params = Long.parseLong(f[4]);
            String dims = f[5];
            String[] expected = outcomes.get(id);
            if (expected == null) {
                failures.add(id + ": no expected outcome in .ci/corpus-outcomes.tsv");
                continue;
            }
            if (record) {
                System.out.println(id + "\t" + expected[1] + "\t" + (expected.length > 2 ? expected[2] : "") + "\t" + observeConvert(model, weights, reference)
                        + "\t" + observeImport(model, weights, reference));
                continue;
            }
            String problem = check(id, model, weights, reference, params, dims, expected[1], expected.length > 2 ? expected[2] : "");
            if (problem == null) {
                problem = expectConvert(model, weights, reference, expected[3]);
            }
            if (problem == null) {
                problem = expectImport(model, weights, reference, expected[4]);
            }
            if (problem == null) {
                problem = expectOnnx(model, weights, reference, expected[1]);
            }
            if (problem == null) {
                passed++;
                System.out.printf("ok    %-40s %s%n", id, expected[1]);
            } else {
                failures.add(id + ": " + problem);
                System.out.printf("FAIL  %-40s %s%n", id, problem);
            }
        }
        System.out.println();
        System.out.println(passed + " passed, " + failures.size() + " failed");
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    static String[] withWeights(String weights, String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        if (weights != null) {
            a.add("--weights");
            a.add(weights);
        }
        return a.toArray(String[]::new);
    }

    static String check(String id, String model, String weights, String reference, long params, String dims,
                        String outcome, String reason) throws Exception {
        Run inspect = cli(withWeights(weights, "inspect", "--json", model));
        if (outcome.equals("unreadable")) {
            return inspect.exit == 3 && inspect.err.contains(reason) ? null
                    : "expected inspect to refuse with '" + reason + "', got exit " + inspect.exit + " " + inspect.err.strip();
        }
        if (inspect.exit != 0) {
            return "inspect exit " + inspect.exit + ": " + inspect.err.strip();
        }
        JsonObject o = JsonParser.parseString(inspect.out).getAsJsonObject();
        long total = o.get("total_params").getAsLong();
        if (total != params) {
            return "total_params " + total + ", expected " + params;
        }
        if (!dims.isEmpty()) {
            List<String> shape = new ArrayList<>();
            o.getAsJsonArray("output_shape").forEach(e -> shape.add(e.isJsonNull() ? "None" : e.getAsString()));
            String tail = String.join("x", shape.subList(1, shape.size()));
            // DL4J's references drop size-1 axes in places; the element count per example must agree.
            if (!tail.equals(dims) && product(tail) != product(dims)) {
                return "output_shape " + shape + ", reference predictions have " + dims;
            }
        }
        switch (outcome) {
            case "validates" -> {
                Run v = cli(withWeights(weights, "validate", "--json", model, reference));
                return v.exit == 0 ? null : "validate exit " + v.exit + ": " + (v.out + v.err).strip().replace('\n', ' ');
            }
            case "refused" -> {
                Run v = reference != null ? cli(withWeights(weights, "validate", model, reference))
                        : predictZeros(model, weights, o);
                if (!o.get("runnable").getAsBoolean() && v.exit != 0) {
                    String why = o.has("reasons") ? o.get("reasons").toString() : "";
                    return why.contains(reason) || v.err.contains(reason) ? null
                            : "refused, but not for '" + reason + "': " + why + " " + v.err.strip();
                }
                return "expected a refusal for '" + reason + "', but inspect says runnable (" + v.err.strip() + ")";
            }
            case "runs" -> {
                if (!o.get("runnable").getAsBoolean()) {
                    return "expected to run, but inspect says: " + o.get("reasons");
                }
                Run v = predictZeros(model, weights, o);
                return v.exit == 0 ? null : "predict exit " + v.exit + ": " + v.err.strip();
            }
            default -> {
                return "unknown outcome " + outcome;
            }
        }
    }

    /** `converts`, or `refused <message>` from `convert --to dl4j`. */
    static String observeConvert(String model, String weights, String reference) throws Exception {
        return observeConvert(model, weights, reference, "dl4j");
    }

    /**
     * Every model that validates also converts to ONNX, verified by ONNX Runtime against the reference and
     * keras2j's runtime; a model that only runs converts (verified on a seeded input) or is refused with its
     * reason (exit 3), never a mismatch or an error.
     */
    static String expectOnnx(String model, String weights, String reference, String outcome) throws Exception {
        if (!outcome.equals("validates") && !outcome.equals("runs")) {
            return null;
        }
        String observed = observeConvert(model, weights, reference, "onnx");
        if (observed.equals("converts") || outcome.equals("runs") && observed.startsWith("refused ")) {
            return null;
        }
        return "convert --to onnx: expected to convert, got " + observed;
    }

    /** `converts`, or `refused <message>` from `convert --to TARGET`. */
    static String observeConvert(String model, String weights, String reference, String target) throws Exception {
        Path tmp = Files.createTempDirectory("keras2j-convert");
        Path zip = tmp.resolve(target.equals("onnx") ? "model.onnx" : "model.zip");
        List<String> a = new ArrayList<>(List.of("convert", model, "--to", target, "-o", zip.toString()));
        if (reference != null) {
            a.add("--reference");
            a.add(reference);
        }
        Run r = cli(withWeights(weights, a.toArray(String[]::new)));
        boolean written = Files.exists(zip);
        Files.deleteIfExists(zip);
        Files.deleteIfExists(tmp);
        if (r.exit == 0 && written) {
            return "converts";
        }
        if (r.exit == 0) {
            return "exit 0 but no output written";
        }
        if (written) {
            return "exit " + r.exit + " but an output was left behind";
        }
        String msg = r.err.strip().replace('\n', ' ').replace('\t', ' ');
        msg = msg.startsWith("keras2j: ") ? msg.substring("keras2j: ".length()) : msg;
        return (r.exit == 3 ? "refused " : "exit " + r.exit + " ") + msg;
    }

    static String expectConvert(String model, String weights, String reference, String expected) throws Exception {
        String observed = observeConvert(model, weights, reference);
        if (expected.equals("converts")) {
            return observed.equals("converts") ? null : "convert: expected to convert, got " + observed;
        }
        String reason = expected.substring(expected.indexOf(' ') + 1);
        return observed.startsWith("refused ") && observed.contains(reason) ? null
                : "convert: expected refusal '" + reason + "', got " + observed;
    }

    /** `passes`, `fails` or `error` for DL4J's KerasModelImport on the reference; `-` without a reference. */
    static String observeImport(String model, String weights, String reference) {
        if (reference == null) {
            return "-";
        }
        Run r = cli(withWeights(weights, "validate", "--engine", "dl4j-import", model, reference));
        return switch (r.exit) {
            case 0 -> "passes";
            case 1 -> "fails";
            default -> "error";
        };
    }

    static String expectImport(String model, String weights, String reference, String expected) {
        String observed = observeImport(model, weights, reference);
        return observed.equals(expected) ? null : "dl4j-import: expected " + expected + ", got " + observed;
    }

    /** Runs `predict` on a batch of two all-zero examples (unknown dimensions set to 16). */
    static Run predictZeros(String model, String weights, JsonObject inspect) throws Exception {
        List<Integer> shape = new ArrayList<>();
        shape.add(2);
        var dimsJson = inspect.getAsJsonArray("input_shape");
        for (int i = 1; i < dimsJson.size(); i++) {
            shape.add(dimsJson.get(i).isJsonNull() ? 16 : dimsJson.get(i).getAsInt());
        }
        int[] s = shape.stream().mapToInt(Integer::intValue).toArray();
        Path tmp = Files.createTempDirectory("keras2j-corpus");
        Path in = tmp.resolve("input.npy");
        dev.keras2j.reference.NpyWriter.write(in, dev.keras2j.model.NdArray.zeros(s));
        Run r = cli(withWeights(weights, "predict", model, "--input", in.toString(), "--output", tmp.resolve("out.npz").toString()));
        Files.deleteIfExists(tmp.resolve("out.npz"));
        Files.deleteIfExists(in);
        Files.deleteIfExists(tmp);
        return r;
    }

    static long product(String dims) {
        long p = 1;
        for (String d : dims.split("x")) {
            if (d.equals("None")) {
                return -1;
            }
            p *= Long.parseLong(d);
        }
        return p;
    }
}
