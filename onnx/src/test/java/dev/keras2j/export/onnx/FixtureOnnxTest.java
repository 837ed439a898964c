package dev.keras2j.export.onnx;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.keras2j.keras.KerasModelReader;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.UnsupportedModelException;
import dev.keras2j.reference.Comparison;
import dev.keras2j.reference.NpzReader;
import dev.keras2j.runtime.RuntimeModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every fixture of {@code fixtures/index.json} that keras2j's runtime runs either exports to ONNX, runs in
 * ONNX Runtime and matches both Keras's output (the fixture's npz) and keras2j's runtime at the validate
 * tolerance, or is refused with a message naming the layer. The refusals are listed in
 * {@link #EXPECTED_REFUSALS}: the test fails when one more is refused, or one less.
 */
class FixtureOnnxTest {
    /** Fixture name to the start of its refusal message (after {@code layer (Class): }). */
    static final Map<String, String> EXPECTED_REFUSALS = new TreeMap<>(Map.ofEntries(
            Map.entry("graph_seq2seq_bidirectional", "masks have no exact ONNX form"),
            Map.entry("bidirectional_masked_gru_sum", "masks have no exact ONNX form"),
            Map.entry("bidirectional_masked_lstm_concat_seq", "masks have no exact ONNX form"),
            Map.entry("embedding_mask_zero_gru_seq", "mask_zero=True: masks have no exact ONNX form"),
            Map.entry("embedding_mask_zero_lstm", "mask_zero=True: masks have no exact ONNX form"),
            Map.entry("masking_gru", "masks have no exact ONNX form"),
            Map.entry("masking_gru_seq", "masks have no exact ONNX form"),
            Map.entry("masking_lstm", "masks have no exact ONNX form"),
            Map.entry("masking_lstm_backwards", "masks have no exact ONNX form"),
            Map.entry("masking_lstm_seq", "masks have no exact ONNX form"),
            Map.entry("masking_simple_rnn_seq", "masks have no exact ONNX form"),
            // The layer family of fixtures/cases/layers.py that the ONNX export does not translate.
            Map.entry("augmentation_inference", "the ONNX export has no translation for RandomFlip layers"),
            Map.entry("auto_contrast", "the ONNX export has no translation for AutoContrast layers"),
            Map.entry("auto_contrast_unit_range", "the ONNX export has no translation for AutoContrast layers"),
            Map.entry("clahe_channels_first_no_clip", "the ONNX export has no translation for ContrastLimitedAdaptiveHistogramEqualization layers"),
            Map.entry("clahe_default", "the ONNX export has no translation for ContrastLimitedAdaptiveHistogramEqualization layers"),
            Map.entry("clahe_uint8_input", "the ONNX export has no translation for ContrastLimitedAdaptiveHistogramEqualization layers"),
            Map.entry("clahe_padded_unit_range", "the ONNX export has no translation for ContrastLimitedAdaptiveHistogramEqualization layers"),
            Map.entry("masking_stacked_lstm_gru", "masks have no exact ONNX form"),
            Map.entry("mha_embedding_mask", "mask_zero=True: masks have no exact ONNX form"),
            // fixtures/cases/onnx.py: the export unrolls ConvLSTM, so it needs the number of timesteps.
            Map.entry("conv_lstm1d_open_steps", "an open number of timesteps: ONNX has no convolutional LSTM operator"),
            // fixtures/cases/attention2.py
            Map.entry("additive_attention", "mask_zero=True: masks have no exact ONNX form"),
            Map.entry("attn_concat_masked", "masks have no exact ONNX form"),
            Map.entry("attn_scores", "masks have no exact ONNX form"),
            Map.entry("mha_scores_masked", "mask_zero=True: masks have no exact ONNX form")));

    private static final Map<String, String> OUTCOMES = new TreeMap<>();

    @TempDir
    static Path dir;

    static Path root() {
        return Path.of(System.getProperty("keras2j.root", ".."));
    }

    static Stream<String> runnableFixtures() throws IOException {
        JsonObject index = JsonParser.parseString(Files.readString(root().resolve("fixtures/index.json"))).getAsJsonObject();
        List<String> names = new ArrayList<>();
        index.getAsJsonArray("cases").forEach(c -> {
            JsonObject o = c.getAsJsonObject();
            if (o.has("runnable") && o.get("runnable").getAsBoolean()) {
                names.add(o.get("name").getAsString());
            }
        });
        return names.stream().sorted();
    }

    static Stream<String> exportableFixtures() throws IOException {
        return runnableFixtures().filter(n -> !EXPECTED_REFUSALS.containsKey(n));
    }

    static Path modelFile(String name) {
        Path d = root().resolve("fixtures/models").resolve(name);
        for (String ext : List.of(".keras", ".h5")) {
            if (Files.exists(d.resolve(name + ext))) {
                return d.resolve(name + ext);
            }
        }
        return d.resolve(name + ".json");
    }

    @ParameterizedTest
    @MethodSource("runnableFixtures")
    void exportsAndMatchesOrIsRefused(String name) throws IOException {
        CheckedModel model = ModelChecker.check(KerasModelReader.read(modelFile(name), null));
        Path out = dir.resolve(name + ".onnx");
        try {
            OnnxExporter.export(model, out, OnnxOptions.defaults(), true);
        } catch (UnsupportedModelException e) {
            OUTCOMES.put(name, "refused: " + e.getMessage());
            assertThat(EXPECTED_REFUSALS).as("unexpected refusal: " + e.getMessage()).containsKey(name);
            assertThat(e.getMessage()).matches("(?s)\\S+ \\([\\w.]+\\): .+").contains(EXPECTED_REFUSALS.get(name));
            return;
        }
        assertThat(EXPECTED_REFUSALS).as(name + " is listed as refused but exports").doesNotContainKey(name);
        Map<String, NdArray> ref = NpzReader.read(modelFile(name).resolveSibling(name + ".npz"));
        List<NdArray> inputs = arrays(ref, "input", model.spec().inputs().size());
        List<NdArray> expected = arrays(ref, "output", model.spec().outputs().size());
        List<NdArray> actual = OnnxVerifier.predict(out, inputs);
        List<NdArray> runtime = RuntimeModel.compile(model).predictAll(inputs);
        assertThat(actual).hasSameSizeAs(expected);
        StringBuilder outcome = new StringBuilder("exported");
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).shape()).as(name + " output shape").isEqualTo(expected.get(i).shape());
            Comparison vsKeras = Comparison.of(actual.get(i), expected.get(i));
            Comparison vsRuntime = Comparison.of(actual.get(i), runtime.get(i));
            outcome.append("; vs Keras ").append(vsKeras.summary()).append("; vs runtime ").append(vsRuntime.summary());
            assertThat(vsKeras.passed()).as(name + " vs Keras: " + vsKeras.summary()).isTrue();
            assertThat(vsRuntime.passed()).as(name + " vs runtime: " + vsRuntime.summary()).isTrue();
        }
        OUTCOMES.put(name, outcome.toString());
    }

    /** {@code input} (or {@code output}) of a single-input fixture's npz, else {@code input_0}, {@code input_1}, ... */
    static List<NdArray> arrays(Map<String, NdArray> npz, String key, int count) {
        if (count == 1 && npz.containsKey(key)) {
            return List.of(npz.get(key));
        }
        List<NdArray> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            assertThat(npz).as("npz key " + key + "_" + i).containsKey(key + "_" + i);
            out.add(npz.get(key + "_" + i));
        }
        return out;
    }

    /**
     * The oldest opset the export targets: every fixture exported at the default opset also exports at 13 (ops
     * that came later, such as Gelu, Mish, HardSwish and LayerNormalization, are written as their formulas)
     * and matches Keras in ONNX Runtime.
     */
    @ParameterizedTest
    @MethodSource("exportableFixtures")
    void exportsAtOpset13Too(String name) throws IOException {
        CheckedModel model = ModelChecker.check(KerasModelReader.read(modelFile(name), null));
        byte[] onnx = OnnxExporter.toBytes(model, OnnxOptions.defaults().withOpset(13));
        assertThat(OnnxExporter.build(model, OnnxOptions.defaults().withOpset(13)).getOpsetImport(0).getVersion())
                .isEqualTo(13);
        Map<String, NdArray> ref = NpzReader.read(modelFile(name).resolveSibling(name + ".npz"));
        List<NdArray> actual = OnnxVerifier.predict(onnx, arrays(ref, "input", model.spec().inputs().size()));
        List<NdArray> expected = arrays(ref, "output", model.spec().outputs().size());
        for (int i = 0; i < expected.size(); i++) {
            Comparison vsKeras = Comparison.of(actual.get(i), expected.get(i));
            assertThat(vsKeras.passed()).as(name + " at opset 13 vs Keras: " + vsKeras.summary()).isTrue();
        }
    }

    @AfterAll
    static void printOutcomes() {
        OUTCOMES.forEach((k, v) -> System.out.println("ONNX-EXPORT " + k + ": " + v));
    }
}
