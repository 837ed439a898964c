package dev.keras2j.fuzz;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Stream;

/**
 * The seeded mutation fuzzer: input {@code i} of a run with seed {@code s} is always the same bytes (target
 * {@code i mod targets}, a seed chosen and mutated by a generator seeded with {@code s} and {@code i}), so a
 * finding is reproduced by its number alone. Every input must end with the reader returning or throwing
 * keras2j's own exception with a one-line message naming the file, within the per-input time bound; anything
 * else is a finding, saved under the findings folder with a line in {@code findings.tsv}. Exit code 0 when
 * there is no finding, 1 otherwise.
 *
 * <pre>
 * java -Xmx512m -cp fuzz/target/keras2j-fuzz.jar:$(cat fuzz/target/classpath.txt) dev.keras2j.fuzz.MutationRunner \
 *     --seed 1 --inputs 20000
 * </pre>
 */
public final class MutationRunner {
    private MutationRunner() {
    }

    /** The run's settings, from the command line. */
    record Settings(long seed, int inputs, long timeoutMillis, int threads, List<Path> seedRoots, Path findings,
                    List<Target> targets, int first) {
        static Settings parse(String[] args) {
            long seed = 1;
            int inputs = 20_000;
            long timeout = 20_000;
            int threads = Runtime.getRuntime().availableProcessors();
            List<Path> roots = new ArrayList<>(List.of(Path.of("fixtures/models"), Path.of("fuzz/seeds")));
            Path findings = Path.of("fuzz/target/findings");
            List<Target> targets = Arrays.asList(Target.values());
            int first = 0;
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--inputs" -> inputs = Integer.parseInt(v.replace("_", ""));
                    case "--first" -> first = Integer.parseInt(v.replace("_", ""));
                    case "--timeout-ms" -> timeout = Long.parseLong(v);
                    case "--threads" -> threads = Integer.parseInt(v);
                    case "--seeds" -> roots = Arrays.stream(v.split(",")).map(Path::of).toList();
                    case "--findings" -> findings = Path.of(v);
                    case "--targets" -> targets = Arrays.stream(v.split(","))
                            .map(t -> Target.valueOf(t.trim().toUpperCase(Locale.ROOT))).toList();
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (--seed N --inputs N --first N --timeout-ms N --threads N --seeds DIR,DIR"
                            + " --findings DIR --targets " + Arrays.toString(Target.values()) + ")");
                }
                i++;
            }
            return new Settings(seed, inputs, timeout, threads, roots, findings, targets, first);
        }
    }

    public static void main(String[] args) throws Exception {
        Settings s = Settings.parse(args);
        System.exit(run(s, System.out) == 0 ? 0 : 1);
    }

    /** Runs the inputs and returns the number of findings. */
    static int run(Settings s, PrintStream out) throws Exception {
        Map<Target, Seeds> seeds = new EnumMap<>(Target.class);
        List<Target> targets = new ArrayList<>();
        for (Target t : s.targets()) {
            Seeds loaded = Seeds.load(t, s.seedRoots());
            if (loaded.seeds().isEmpty()) {
                out.println("no seeds for " + t + " under " + s.seedRoots());
                continue;
            }
            seeds.put(t, loaded);
            targets.add(t);
        }
        if (targets.isEmpty()) {
            throw new IllegalStateException("no seeds found under " + s.seedRoots());
        }
        Files.createDirectories(s.findings());
        Path work = Files.createTempDirectory("keras2j-fuzz-");
        int n = targets.size();
        AtomicIntegerArray counts = new AtomicIntegerArray(n * Outcome.values().length);
        List<String> findings = java.util.Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < s.threads(); w++) {
            int worker = w;
            Thread t = new Thread(() -> {
                ExecutorService exec = newExecutor();
                try {
                    for (int i = s.first() + worker; i < s.first() + s.inputs(); i += s.threads()) {
                        int ti = Math.floorMod(i, n);
                        Target target = targets.get(ti);
                        Finding f = one(s, target, seeds.get(target), i, work.resolve("w" + worker), exec);
                        counts.incrementAndGet(ti * Outcome.values().length + f.outcome().ordinal());
                        if (f.outcome() == Outcome.TIMEOUT) {
                            exec.shutdownNow();
                            exec = newExecutor();
                        }
                        if (f.outcome().finding()) {
                            findings.add(f.record(s.findings()));
                        }
                    }
                } finally {
                    exec.shutdownNow();
                }
            }, "fuzz-" + w);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            t.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        deleteTree(work);
        out.printf(Locale.ROOT, "keras2j fuzz: seed %d, inputs %d..%d, %d threads, %.1f s%n", s.seed(), s.first(),
                s.first() + s.inputs() - 1, s.threads(), seconds);
        out.printf(Locale.ROOT, "%-16s %6s %6s %8s %8s%n", "target", "seeds", "inputs", "accepted", "refused");
        int total = 0;
        for (int ti = 0; ti < n; ti++) {
            int inputs = 0;
            for (Outcome o : Outcome.values()) {
                inputs += counts.get(ti * Outcome.values().length + o.ordinal());
            }
            total += inputs;
            out.printf(Locale.ROOT, "%-16s %6d %6d %8d %8d%n", targets.get(ti), seeds.get(targets.get(ti)).seeds().size(),
                    inputs, counts.get(ti * Outcome.values().length + Outcome.ACCEPTED.ordinal()),
                    counts.get(ti * Outcome.values().length + Outcome.REFUSED.ordinal()));
        }
        List<String> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.naturalOrder());
        Files.write(s.findings().resolve("findings.tsv"), sorted);
        out.printf(Locale.ROOT, "%d inputs, %d findings%s%n", total, sorted.size(),
                sorted.isEmpty() ? "" : " (saved under " + s.findings() + "):");
        sorted.stream().limit(50).forEach(line -> out.println("  " + line));
        return sorted.size();
    }

    private static ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            // A stack as deep as the CLI's main thread gets, so a recursion bound is tested as users meet it.
            Thread t = new Thread(null, r, "fuzz-input", 0);
            t.setDaemon(true);
            return t;
        });
    }

    /** What one input did. */
    record Finding(int index, Target target, String seed, Outcome outcome, Throwable thrown, byte[] input) {
        String record(Path dir) {
            String file = String.format(Locale.ROOT, "%s-%06d-%s-%s", target.name().toLowerCase(Locale.ROOT), index,
                    outcome.name().toLowerCase(Locale.ROOT), target.fileName());
            try {
                Files.write(dir.resolve(file), input);
            } catch (IOException e) {
                file = file + " (not saved: " + e.getMessage() + ")";
            }
            String what = thrown == null ? "" : thrown.getClass().getName() + ": " + String.valueOf(thrown.getMessage());
            String where = "";
            if (thrown != null && thrown.getStackTrace().length > 0) {
                where = " at " + thrown.getStackTrace()[0];
            }
            what = what.length() > 400 ? what.substring(0, 400) + "..." : what;
            return String.join("\t", String.format(Locale.ROOT, "%06d", index), target.name(), outcome.name(),
                    (what + where).replace('\n', ' ').replace('\t', ' '), seed, file);
        }
    }

    /** Builds input {@code i}, runs it under the time bound and classifies the ending. */
    static Finding one(Settings s, Target target, Seeds seeds, int i, Path work, ExecutorService exec) {
        Random r = new Random(s.seed() * 0x9E3779B97F4A7C15L + i);
        Seeds.Seed seed = seeds.seeds().get(r.nextInt(seeds.seeds().size()));
        byte[] input = Mutator.mutate(seed.bytes(), target.kind(), r);
        Path dir = work.resolve("input-" + i);
        Throwable[] thrown = new Throwable[1];
        Outcome outcome;
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(target.fileName());
            Files.write(file, input);
            Path companion = null;
            if (seed.companion() != null) {
                String name = target == Target.WEIGHTS_H5 ? "model.json" : "model.weights.h5";
                companion = Files.copy(seed.companion(), dir.resolve(name));
            }
            Path c = companion;
            Future<?> f = exec.submit(() -> {
                try {
                    target.run(file, c);
                } catch (Throwable t) {
                    thrown[0] = t;
                }
            });
            try {
                f.get(s.timeoutMillis(), TimeUnit.MILLISECONDS);
                outcome = Outcome.of(thrown[0], file.toString(), c == null ? null : c.toString());
            } catch (TimeoutException e) {
                f.cancel(true);
                outcome = Outcome.TIMEOUT;
            }
        } catch (Exception e) {
            thrown[0] = e;
            outcome = Outcome.OTHER_EXCEPTION;
        } finally {
            deleteTree(dir);
        }
        return new Finding(i, target, seed.name(), outcome, thrown[0], input);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // A file still held open by a timed-out input; the temporary folder is the OS's to clean.
                }
            });
        } catch (IOException e) {
            // As above.
        }
    }
}
