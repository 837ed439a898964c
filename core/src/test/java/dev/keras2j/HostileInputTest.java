package dev.keras2j;

import dev.keras2j.model.Keras2jException;
import dev.keras2j.model.Limits;
import dev.keras2j.model.ModelCheckException;
import dev.keras2j.reference.NpyReader;
import dev.keras2j.reference.NpzReader;
import dev.keras2j.reference.Reference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Regression tests of the hostile-input classes of issue 18 and of the fuzzing harness's findings: each input
 * is refused with keras2j's own exception, in one line naming the file, before anything large is allocated.
 * Hostile HDF5 structures come from {@code src/test/resources/hostile/make_hostile.py}; the rest is built here.
 */
class HostileInputTest {
    private static final Path HOSTILE = Path.of("src/test/resources/hostile");
    private static final Path FIXTURES = Path.of("../fixtures/models");

    @TempDir
    Path tmp;

    @AfterEach
    void resetLimits() {
        for (Limits l : Limits.values()) {
            System.clearProperty(l.property());
        }
    }

    /** The exception {@code r} throws, checked to be keras2j's own, one line, naming {@code file}. */
    private static Throwable refusal(Path file, ThrowingRunnable r) {
        Throwable t = catchThrowable(r::run);
        assertThat(t).as("refusal of " + file).isInstanceOf(Keras2jException.class);
        assertThat(t.getMessage()).contains(file.toString()).doesNotContain("\n").doesNotContain("\r")
                .doesNotContain("internal error");
        return t;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private Path fixtureJson(String name, String from, String to) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name + "-" + Math.abs((from + to).hashCode())));
        String json = Files.readString(FIXTURES.resolve(name).resolve(name + ".json"));
        assertThat(json).contains(from);
        Path model = Files.writeString(dir.resolve("model.json"), json.replace(from, to));
        Files.copy(FIXTURES.resolve(name).resolve(name + ".weights.h5"), dir.resolve("model.weights.h5"));
        return model;
    }

    @Test
    void aSelfReferencingWeightsGroupIsRefusedNotRecursedInto() {
        Path json = HOSTILE.resolve("weights_cycle.json");
        Path weights = HOSTILE.resolve("weights_cycle.weights.h5");
        assertThat(refusal(weights, () -> KerasModel.load(json, weights))).hasMessageContaining("cycle");
    }

    @Test
    void aSelfReferencingWeightsGroupInsideAKerasArchiveIsRefused() throws IOException {
        Path archive = zip(tmp.resolve("cycle.keras"), true,
                "config.json", Files.readAllBytes(HOSTILE.resolve("weights_cycle.json")),
                "model.weights.h5", Files.readAllBytes(HOSTILE.resolve("weights_cycle.weights.h5")));
        assertThat(refusal(archive, () -> KerasModel.load(archive))).hasMessageContaining("cycle");
    }

    @Test
    void groupsNestedDeeperThanTheLimitAreRefused() {
        Path json = HOSTILE.resolve("weights_deep.json");
        Path weights = HOSTILE.resolve("weights_deep.weights.h5");
        assertThat(refusal(weights, () -> KerasModel.load(json, weights))).hasMessageContaining("hdf5Depth");
        System.setProperty(Limits.HDF5_DEPTH.property(), "1000");
        // With the limit raised the walk goes on, and the extra groups hold no weights: the model loads.
        assertThat(KerasModel.load(json, weights).outputShape().dims()).isNotEmpty();
    }

    @Test
    void anHdf5DeflateChunkThatInflatesPastItsDatasetIsRefused() {
        Path json = HOSTILE.resolve("deflate_bomb.json");
        Path weights = HOSTILE.resolve("deflate_bomb.weights.h5");
        assertThat(refusal(weights, () -> KerasModel.load(json, weights))).hasMessageContaining("decompression bomb");
    }

    @Test
    void aCyclicDl4jReferenceIsRefused() {
        Path ref = HOSTILE.resolve("cycle_inputs_and_outputs.h5");
        assertThat(refusal(ref, () -> Reference.load(ref))).hasMessageContaining("cycle");
    }

    @Test
    void everyCorruptionOfADl4jReferenceEndsInOneLineNamingTheFile() throws IOException {
        byte[] whole = Files.readAllBytes(Path.of("../fuzz/seeds/dl4j_inputs_and_outputs.h5"));
        java.util.Random r = new java.util.Random(18);
        for (int i = 0; i < 300; i++) {
            byte[] b = whole.clone();
            for (int k = 0; k < 1 + r.nextInt(4); k++) {
                int at = r.nextInt(b.length - 8);
                long v = new long[] {0, -1, 0x7fffffffL, 1L << 40, b.length}[r.nextInt(5)];
                for (int j = 0; j < 8; j++) {
                    b[at + j] = (byte) (v >>> (8 * j));
                }
            }
            Path p = Files.write(tmp.resolve(i + "_inputs_and_outputs.h5"), b);
            Throwable t = catchThrowable(() -> Reference.load(p));
            if (t != null) {
                assertThat(t).as("input " + i).isInstanceOf(Keras2jException.class);
                assertThat(t.getMessage()).contains(p.toString()).doesNotContain("\n");
            }
        }
    }

    @Test
    void aDilationThatOverflowsTheKernelExtentIsRefused() throws IOException {
        Path model = fixtureJson("conv1d_dilation2", "\"dilation_rate\": [2]", "\"dilation_rate\": [2147483647]");
        Throwable t = refusal(model, () -> KerasModel.load(model));
        assertThat(t).isInstanceOf(ModelCheckException.class).hasMessageContaining("overflows");
    }

    @Test
    void anInputTooLargeToCountIsRefusedAtCheckTime() throws IOException {
        Path model = fixtureJson("flatten", "\"batch_shape\": [null, ", "\"batch_shape\": [null, 1000000, 1000000, ");
        Throwable t = refusal(model, () -> KerasModel.load(model));
        assertThat(t).hasMessageContaining("tensorElements");
    }

    @Test
    void aTransposedConvolutionWithAHugeOutputIsRefusedAtCheckTimeUnlessTheLimitIsRaised() throws IOException {
        Path model = fixtureJson("conv2d_transpose_valid_strides2", "\"strides\": [2, 2]", "\"strides\": [100000, 100000]");
        Throwable t = refusal(model, () -> KerasModel.load(model));
        assertThat(t).isInstanceOf(ModelCheckException.class).hasMessageContaining("tensorElements")
                .hasMessageContaining("conv2d_transpose");
        System.setProperty(Limits.TENSOR_ELEMENTS.property(), Long.toString(1L << 50));
        // Raised, the same model passes the size check; its int-sized arrays still cannot hold it.
        Throwable raised = catchThrowable(() -> KerasModel.load(model));
        assertThat(raised == null || !raised.getMessage().contains("tensorElements")).isTrue();
    }

    @Test
    void emptyOutputOrInputLayersAreRefused() throws IOException {
        Path outputs = fixtureJson("functional_chain", "\"output_layers\": [", "\"output_layers\": [], \"x\": [");
        assertThat(refusal(outputs, () -> KerasModel.load(outputs))).hasMessageContaining("output_layers");
        Path inputs = fixtureJson("functional_chain", "\"input_layers\": [", "\"input_layers\": [], \"x\": [");
        assertThat(refusal(inputs, () -> KerasModel.load(inputs))).hasMessageContaining("input_layers");
    }

    @Test
    void checkerRefusalsNameTheFile() throws IOException {
        // The weights of another model: the checker's weight-count refusal names the model file.
        Path dir = Files.createDirectories(tmp.resolve("mismatch"));
        Path json = Files.copy(FIXTURES.resolve("dense_2d/dense_2d.json"), dir.resolve("model.json"));
        Files.copy(FIXTURES.resolve("conv1d_valid/conv1d_valid.weights.h5"), dir.resolve("model.weights.h5"));
        refusal(json, () -> KerasModel.load(json));
    }

    @Test
    void aConfigJsonBombIsRefusedWhileInflating() throws IOException {
        byte[] spaces = new byte[80 << 20];
        java.util.Arrays.fill(spaces, (byte) ' ');
        Path archive = zip(tmp.resolve("bomb.keras"), false, "config.json", spaces, "model.weights.h5", new byte[10]);
        assertThat(Files.size(archive)).isLessThan(1 << 20);
        assertThat(refusal(archive, () -> KerasModel.load(archive))).hasMessageContaining("jsonBytes");
    }

    @Test
    void aWeightsEntryBombIsRefusedByTheCompressionRatio() throws IOException {
        byte[] config = Files.readAllBytes(FIXTURES.resolve("dense_2d/dense_2d.json"));
        Path archive = zip(tmp.resolve("weights-bomb.keras"), false, "config.json", config,
                "model.weights.h5", new byte[100 << 20]);
        assertThat(refusal(archive, () -> KerasModel.load(archive))).hasMessageContaining("compressionRatio");
    }

    @Test
    void tooManyArchiveEntriesAreRefused() throws IOException {
        assertThat(Limits.ZIP_ENTRIES.value()).isEqualTo(10_000);
        System.setProperty(Limits.ZIP_ENTRIES.property(), "100");
        Object[] entries = new Object[2 * 101];
        for (int i = 0; i < 101; i++) {
            entries[2 * i] = "e" + i + ".npy";
            entries[2 * i + 1] = new byte[0];
        }
        Path npz = zip(tmp.resolve("many.npz"), false, entries);
        assertThat(refusal(npz, () -> NpzReader.read(npz))).hasMessageContaining("zipEntries");
    }

    @Test
    void aLegacyModelConfigAboveTheAttributeLimitIsRefused() {
        Path h5 = FIXTURES.resolve("dense_2d/dense_2d.h5");
        System.setProperty(Limits.ATTRIBUTE_BYTES.property(), "100");
        assertThat(refusal(h5, () -> KerasModel.load(h5))).hasMessageContaining("attributeBytes");
    }

    @Test
    void jsonNestedPastTheLimitIsRefused() throws IOException {
        Path model = fixtureJson("dense_2d", "\"trainable\": true", "\"trainable\": " + "[".repeat(600) + "]".repeat(600));
        assertThat(refusal(model, () -> KerasModel.load(model))).hasMessageContaining("jsonDepth");
    }

    @Test
    void npyHeadersWithRawBytesAndNewlinesGiveOneLine() throws IOException {
        String dict = "{'descr': '<f4\n\r\u0001', 'fortran_order': False, 'shape': (2,), }";
        byte[] header = (dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] file = new byte[10 + header.length + 8];
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length, 0};
        System.arraycopy(magic, 0, file, 0, 10);
        System.arraycopy(header, 0, file, 10, header.length);
        Path npy = Files.write(tmp.resolve("bad.npy"), file);
        refusal(npy, () -> NpyReader.read(npy));
    }

    @Test
    void limitsAreSetByNameAndRefuseNonsense() {
        Limits.set("tensorElements=1_000");
        assertThat(Limits.TENSOR_ELEMENTS.value()).isEqualTo(1000);
        assertThat(catchThrowable(() -> Limits.set("tensorElements=-3"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(catchThrowable(() -> Limits.set("nosuch=3"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jsonBytes");
    }

    /** A zip of name/bytes pairs, stored or deflated. */
    private static Path zip(Path target, boolean stored, Object... entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(target); ZipOutputStream z = new ZipOutputStream(out)) {
            for (int i = 0; i < entries.length; i += 2) {
                byte[] data = (byte[]) entries[i + 1];
                ZipEntry e = new ZipEntry((String) entries[i]);
                if (stored) {
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(data.length);
                    e.setCompressedSize(data.length);
                    CRC32 crc = new CRC32();
                    crc.update(data);
                    e.setCrc(crc.getValue());
                }
                z.putNextEntry(e);
                z.write(data);
                z.closeEntry();
            }
        }
        return target;
    }
}
