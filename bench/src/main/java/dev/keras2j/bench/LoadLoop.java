package dev.keras2j.bench;

import dev.keras2j.KerasModel;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * One model loaded again and again in one JVM, each load after the heap is collected, as {@code keras2j bench}
 * times its loads: for before/after comparisons of the loading code, put another build's
 * {@code core/target/classes} first on the class path to time it instead. Prints the first (cold) load and
 * the median, fastest and 90th percentile of the others.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp [OTHER_CORE_CLASSES:]bench/target/classes:$(cat bench/target/classpath.txt) \
 *     dev.keras2j.bench.LoadLoop MODEL LOADS</pre>
 *
 * Loads 2 to 40, the range {@code bench/run-all.sh} times on the corpus files, run mostly in code the JIT
 * compiler has not compiled yet; so do most loads of a batch job that loads each model once.
 */
public final class LoadLoop {
    private LoadLoop() {
    }

    public static void main(String[] args) {
        int loads = args.length == 2 && args[1].matches("\\d{1,6}") ? Integer.parseInt(args[1]) : 0;
        if (loads < 2) {
            System.err.println("usage: LoadLoop MODEL LOADS (at least 2)");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        double[] ms = new double[loads];
        for (int i = 0; i < ms.length; i++) {
            System.gc();
            System.gc();
            long t0 = System.nanoTime();
            KerasModel model = KerasModel.load(file);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            if (model.inputShape() == null) {
                throw new IllegalStateException("no input shape");
            }
        }
        double[] warm = Arrays.copyOfRange(ms, 1, ms.length);
        Arrays.sort(warm);
        System.out.printf("%s: cold %.1f ms; loads 2..%d: median %.3f ms, fastest %.3f, p90 %.3f%n", file.getFileName(),
                ms[0], ms.length, warm[(warm.length - 1) / 2], warm[0], warm[(int) Math.ceil(0.9 * warm.length) - 1]);
    }
}
