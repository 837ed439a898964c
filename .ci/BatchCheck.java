// Checks `keras2j batch` end to end on real inputs (the fixtures, the corpus and broken files), in one JVM
// through the CLI. Run by .ci/run as: java -cp <keras2j classpath> .ci/BatchCheck.java CORPUS_DIR
//
// 1. A batch with --validate over fixtures/models, the corpus and a folder of broken files must finish,
//    exit 1 (some models are refused), report every model with a status and a reason where it failed,
//    never report a mismatch, and leave nothing in OUTDIR but finished zips and its manifest.
// 2. Run again: every model converted the first time is skipped as up to date.
// 3. What a kill leaves behind (outputs missing, a half-written staging file) is finished and cleaned up
//    by the next run. (.ci/run also kills a real batch process part-way and restarts it.)
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.keras2j.cli.Keras2jCli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

public class BatchCheck {
    static final List<String> failures = new ArrayList<>();
    static int passed;

    static void check(boolean ok, String what) {
        if (ok) {
            passed++;
            System.out.println("ok    " + what);
        } else {
            failures.add(what);
            System.out.println("FAIL  " + what);
        }
    }

    static int cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Keras2jCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        String tail = out.toString().lines().reduce((a, b) -> b).orElse("");
        System.out.println("      keras2j " + String.join(" ", args).replaceAll("/tmp/[^ ]*/", "…/") + " -> exit " + code + " (" + tail + ")");
        return code;
    }

    static JsonObject report(Path file) throws Exception {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    static Map<String, String> statuses(JsonObject report) {
        Map<String, String> out = new HashMap<>();
        for (JsonElement e : report.getAsJsonArray("models")) {
            JsonObject m = e.getAsJsonObject();
            out.put(m.get("input").getAsString(), m.get("status").getAsString());
        }
        return out;
    }

    /** Files in OUTDIR other than finished zips and the manifest. */
    static List<Path> strayFiles(Path outDir) throws Exception {
        try (Stream<Path> s = Files.walk(outDir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().endsWith(".zip")
                            && !p.getFileName().toString().equals(".keras2j-manifest.json"))
                    .toList();
        }
    }

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args[0]);
        Path work = Files.createTempDirectory("keras2j-batch-check");
        Path broken = Files.createDirectories(work.resolve("broken"));
        byte[] good = Files.readAllBytes(Path.of("fixtures/models/dense_2d/dense_2d.h5"));
        Files.write(broken.resolve("truncated.h5"), java.util.Arrays.copyOf(good, good.length / 3));
        Files.writeString(broken.resolve("not_hdf5.h5"), "plain text, not HDF5");
        Files.write(broken.resolve("empty.keras"), new byte[0]);
        Files.writeString(broken.resolve("wrong.json"), "{\"class_name\": \"Sequential\", \"config\": [");
        Path out = work.resolve("out");

        int code = cli("batch", "fixtures/models", corpus.toString(), broken.toString(), "--to", "dl4j", "-o",
                out.toString(), "--validate", "--report", work.resolve("r1.json").toString(),
                "--junit", work.resolve("r1.xml").toString(), "--html", work.resolve("r1.html").toString());
        check(code == 1, "first batch exits 1 (some models are refused or broken)");
        JsonObject r1 = report(work.resolve("r1.json"));
        Map<String, String> s1 = statuses(r1);
        check(s1.size() >= 170 * 3 + 54 + 4, "every model is reported (" + s1.size() + " entries)");
        check(!s1.containsValue("mismatch"), "no export disagrees with Keras or the runtime");
        for (String b : List.of("truncated.h5", "not_hdf5.h5", "empty.keras", "wrong.json")) {
            String key = broken.resolve(b).toString();
            check("error".equals(s1.get(key)), "broken file " + b + " is reported as error (got " + s1.get(key) + ")");
        }
        boolean reasons = true;
        for (JsonElement e : r1.getAsJsonArray("models")) {
            JsonObject m = e.getAsJsonObject();
            String st = m.get("status").getAsString();
            if ((st.equals("refused") || st.equals("error")) && (m.get("reason").isJsonNull() || m.get("reason").getAsString().isBlank())) {
                reasons = false;
                System.out.println("      no reason for " + m.get("input"));
            }
        }
        check(reasons, "every refused or failed model has a reason");
        long good1 = s1.values().stream().filter(v -> v.equals("validated") || v.equals("converted")).count();
        check(good1 > 100, good1 + " models converted and validated");
        check(strayFiles(out).isEmpty(), "OUTDIR holds only finished zips and the manifest " + strayFiles(out));
        check(Files.size(work.resolve("r1.xml")) > 0 && Files.readString(work.resolve("r1.html")).contains("<table"),
                "JUnit and HTML reports written");

        code = cli("batch", "fixtures/models", corpus.toString(), broken.toString(), "--to", "dl4j", "-o",
                out.toString(), "--validate", "--report", work.resolve("r2.json").toString());
        Map<String, String> s2 = statuses(report(work.resolve("r2.json")));
        long skipped = s2.values().stream().filter(v -> v.equals("skipped")).count();
        check(code == 1 && skipped == good1, "second run skips the " + good1 + " up-to-date models (skipped " + skipped + ")");

        // What a kill leaves behind: some outputs not yet written, a staging file half-written.
        List<Path> zips;
        try (Stream<Path> s = Files.walk(out)) {
            zips = s.filter(p -> p.toString().endsWith(".zip")).sorted().toList();
        }
        for (int i = 0; i < zips.size(); i += 2) {
            Files.delete(zips.get(i));
        }
        Path staging = Files.createDirectories(out.resolve(".keras2j-tmp-staging"));
        Files.write(staging.resolve("half-written.zip"), new byte[] {1, 2, 3});
        code = cli("batch", "fixtures/models", corpus.toString(), broken.toString(), "--to", "dl4j", "-o",
                out.toString(), "--validate", "--report", work.resolve("r3.json").toString());
        Map<String, String> s3 = statuses(report(work.resolve("r3.json")));
        long redone = s3.values().stream().filter(v -> v.equals("validated")).count();
        long done3 = s3.values().stream().filter(v -> v.equals("validated") || v.equals("skipped")).count();
        check(code == 1 && redone == (zips.size() + 1) / 2 && done3 == good1,
                "after an interruption the restart converts the " + (zips.size() + 1) / 2 + " missing outputs (validated "
                        + redone + ", up to date " + (done3 - redone) + ")");
        check(strayFiles(out).isEmpty() && !Files.exists(staging.resolve("half-written.zip")),
                "the restart removes what the interruption left behind");

        deleteTree(work);
        System.out.println();
        System.out.println(passed + " passed, " + failures.size() + " failed");
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    /** Removes the check's own temporary folder (its converted models take tens of MB). */
    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
