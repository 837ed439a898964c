package dev.keras2j.bench;

import dev.keras2j.KerasModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Loading a benchmark model (file to ready-to-run model) against simply reading the file's bytes. The
 * models come from {@code fixtures/bench/generate_bench.py}; run from the repository root or set
 * {@code -Dkeras2j.root}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LoadBenchmark {
    @Param({"mlp.h5", "cnn.h5", "large.h5", "large.keras"})
    String model;

    Path file;

    @Setup
    public void setUp() {
        file = Path.of(System.getProperty("keras2j.root", ".")).resolve("fixtures/bench").resolve(model);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " not found: run fixtures/bench/generate_bench.py first");
        }
    }

    @Benchmark
    public KerasModel load() {
        return KerasModel.load(file);
    }

    @Benchmark
    public byte[] readFile() throws IOException {
        return Files.readAllBytes(file);
    }
}
