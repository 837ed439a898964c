package dev.keras2j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.keras2j.runtime.kernel.Parallelism;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.keras2j.cli.CliRun.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code keras2j bench}: the report's shape, not its speed (no timed assertions). */
class BenchCommandTest {
    private final int threads = Parallelism.threads();

    @AfterEach
    void restoreThreads() {
        Parallelism.setThreads(threads);
    }

    @Test
    void jsonHasOneResultPerEngineAndBatchAndAnErrorForAnEngineThatCannotRunTheModel() {
        CliRun r = CliRun.of("bench", fixture("dense_2d", "h5"), "--engine", "all", "--batch", "1,3",
                "--seconds", "0.05", "--loads", "2", "--threads", "1", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonObject doc = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(doc.get("model").getAsString()).endsWith("dense_2d.h5");
        assertThat(doc.get("threads").getAsInt()).isEqualTo(1);
        JsonArray results = doc.getAsJsonArray("results");
        int keras2j = 0;
        int onnxruntime = 0;
        for (var e : results) {
            JsonObject o = e.getAsJsonObject();
            String engine = o.get("engine").getAsString();
            assertThat(engine).isIn("keras2j", "dl4j", "dl4j-import", "onnxruntime");
            if (engine.equals("dl4j-import")) {
                // A Keras 3 file: DL4J's importer refuses it, and the report says so instead of failing.
                assertThat(o.get("error").getAsString()).isNotBlank();
                continue;
            }
            assertThat(o.has("error")).as(o.toString()).isFalse();
            for (String key : new String[] {"batch", "load_ms", "first_predict_ms", "latency_ms_median",
                "latency_ms_p90", "throughput_per_s", "load_peak_heap_mb"}) {
                assertThat(o.has(key)).as(key).isTrue();
            }
            assertThat(o.get("latency_ms_p90").getAsDouble()).isGreaterThanOrEqualTo(o.get("latency_ms_median").getAsDouble());
            if (engine.equals("onnxruntime")) {
                onnxruntime++;
            }
            if (engine.equals("keras2j")) {
                keras2j++;
                assertThat(o.get("load_alloc_mb").getAsDouble()).isPositive();
                // Present for keras2j (a JVM that counts allocations); its value is tested in BenchRunnerTest.
                assertThat(o.get("predict_alloc_mb").getAsDouble()).isNotNegative();
                // Whether the timed calls ran on the Vector API path (either may be true in a test JVM).
                assertThat(o.get("vector_ready").getAsJsonPrimitive().isBoolean()).isTrue();
            } else {
                assertThat(o.has("vector_ready")).as(engine).isFalse();
            }
        }
        assertThat(keras2j).isEqualTo(2);
        // keras2j's ONNX export of dense_2d runs in ONNX Runtime: one row per batch size.
        assertThat(onnxruntime).isEqualTo(2);
    }

    @Test
    void onnxRuntimeRunsKeras2jsExportAndGivesTheSameOutputsAsKeras2j() throws Exception {
        dev.keras2j.cli.bench.ModelFiles files = dev.keras2j.cli.bench.ModelFiles.of(java.nio.file.Path.of(fixture("dense_2d", "h5")));
        var engine = new dev.keras2j.cli.bench.OnnxRuntimeEngine();
        engine.prepare(files);
        var ort = engine.load(files);
        var k2j = new dev.keras2j.cli.bench.Keras2jEngine().load(files);
        assertThat(ort.inputShape()).containsExactly(k2j.inputShape());
        int per = 1;
        for (int d : ort.inputShape()) {
            per *= d;
        }
        float[] x = new float[3 * per];
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        float[] got = (float[]) ort.predict(ort.prepare(x, 3));
        float[] want = ((dev.keras2j.model.NdArray) k2j.predict(k2j.prepare(x, 3))).data();
        assertThat(got).hasSize(want.length);
        for (int i = 0; i < want.length; i++) {
            assertThat((double) got[i]).as("output %d", i).isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void onnxRuntimeSaysWhyWhenTheExportRefusesTheModel() {
        CliRun r = CliRun.of("bench", fixture("masking_lstm", "h5"), "--engine", "onnxruntime", "--batch", "1",
                "--seconds", "0.05", "--loads", "1", "--threads", "1", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonObject row = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("results").get(0).getAsJsonObject();
        assertThat(row.get("engine").getAsString()).isEqualTo("onnxruntime");
        assertThat(row.get("error").getAsString()).startsWith("keras2j's ONNX export refuses the model: ")
                .contains("mask");
        assertThat(row.has("latency_ms_median")).isFalse();
    }

    @Test
    void engineJvmsAreOnByDefaultAndNoForkTurnsThemOff() {
        for (var c : new Object[][] {{new String[] {"m.h5"}, true}, {new String[] {"m.h5", "--no-fork"}, false},
            {new String[] {"m.h5", "--fork"}, true}}) {
            BenchCommand b = new BenchCommand();
            new picocli.CommandLine(b).parseArgs((String[]) c[0]);
            assertThat(b.fork).as(String.join(" ", (String[]) c[0])).isEqualTo(c[1]);
        }
    }

    @Test
    void anEngineInAJvmOfItsOwnIsMeasuredWithTheSameOptions() {
        BenchCommand b = new BenchCommand();
        new picocli.CommandLine(b).parseArgs("m.h5", "--batch", "1,8", "--seconds", "0.5", "--loads", "7", "--threads", "1");
        assertThat(b.childArguments())
                .containsExactly("m.h5", "--batch", "1,8", "--seconds", "0.5", "--loads", "7", "--threads", "1");
        BenchCommand defaults = new BenchCommand();
        new picocli.CommandLine(defaults).parseArgs("m.h5");
        assertThat(defaults.childArguments()).containsExactly("m.h5", "--batch", "1,32", "--seconds", "3.0", "--loads", "5");
    }

    @Test
    void unknownEngineIsAUsageError() {
        CliRun r = CliRun.of("bench", fixture("dense_2d", "h5"), "--engine", "onnx");
        assertThat(r.exit()).isEqualTo(Keras2jCli.EXIT_USAGE);
        assertThat(r.err()).contains("unknown engine 'onnx'");
    }
}
