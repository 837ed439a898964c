package dev.keras2j.keras;

import dev.keras2j.model.TensorRef;
import dev.keras2j.model.ModelChecker;
import dev.keras2j.model.CheckedModel;
import dev.keras2j.model.ModelFormatException;
import dev.keras2j.model.UnsupportedModelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class BadInputTest {
    @TempDir
    Path tmp;

    @Test
    void missingFile() {
        Path p = tmp.resolve("nope.h5");
        assertThat(ReaderErrors.failure(() -> KerasModelReader.read(p, null)))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("nope.h5").hasMessageContaining("not found");
    }

    @Test
    void emptyAndRandomFilesAreNotModels() throws IOException {
        Path empty = Files.write(tmp.resolve("empty.keras"), new byte[0]);
        byte[] noise = new byte[4096];
        new Random(1).nextBytes(noise);
        noise[0] = 7;
        Path random = Files.write(tmp.resolve("random.h5"), noise);
        for (Path p : new Path[] {empty, random}) {
            assertThat(ReaderErrors.failure(() -> KerasModelReader.read(p, null)))
                    .isInstanceOf(ModelFormatException.class).hasMessageContaining(p.toString())
                    .hasMessageContaining("not a Keras model");
        }
    }

    @Test
    void truncatedFilesFailAsFormatErrors() throws IOException {
        for (String name : new String[] {"seq_dense.h5", "seq_dense.keras", "func_dense.h5"}) {
            byte[] whole = Files.readAllBytes(ReaderFixtures.path(name));
            for (int keep : new int[] {whole.length / 2, whole.length - 200, 600}) {
                Path cut = Files.write(tmp.resolve(keep + "-" + name), Arrays.copyOf(whole, keep));
                assertThat(ReaderErrors.failure(() -> KerasModelReader.read(cut, null)))
                        .isInstanceOf(ModelFormatException.class).hasMessageContaining(cut.toString());
            }
        }
    }

    @Test
    void corruptedBytesInsideAnHdf5FileNeverEscapeAsRawExceptions() throws IOException {
        byte[] whole = Files.readAllBytes(ReaderFixtures.path("seq_dense.h5"));
        Random r = new Random(5);
        for (int trial = 0; trial < 40; trial++) {
            byte[] copy = whole.clone();
            for (int i = 0; i < 30; i++) {
                copy[8 + r.nextInt(copy.length - 8)] = (byte) r.nextInt();
            }
            Path p = Files.write(tmp.resolve("corrupt" + trial + ".h5"), copy);
            try {
                KerasModelReader.read(p, null);
            } catch (RuntimeException e) {
                assertThat(e).isInstanceOf(dev.keras2j.model.Keras2jException.class);
                assertThat(e.getMessage()).contains(p.toString()).doesNotContain("\n");
            }
        }
    }

    @Test
    void weightsOnlyHdf5IsNotAModel() {
        Path p = ReaderFixtures.path("seq_dense.weights.h5");
        assertThat(ReaderErrors.failure(() -> KerasModelReader.read(p, null)))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("weights-only");
    }

    @Test
    void zipWithPathTraversalEntryIsRefused() throws IOException {
        Path p = tmp.resolve("evil.keras");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
            z.putNextEntry(new ZipEntry("config.json"));
            z.write("{}".getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("../../etc/evil"));
            z.write(1);
        }
        assertThat(ReaderErrors.failure(() -> KerasModelReader.read(p, null)))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("../../etc/evil");
    }

    @Test
    void zipWithoutConfigIsNotAKerasArchive() throws IOException {
        Path p = tmp.resolve("other.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
            z.putNextEntry(new ZipEntry("readme.txt"));
            z.write(1);
        }
        assertThat(ReaderErrors.failure(() -> KerasModelReader.read(p, null)))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("config.json");
    }

    @Test
    void archiveEntryDeclaringAnImpossibleSizeIsRefusedBeforeReading() throws IOException {
        Path p = tmp.resolve("huge.keras");
        byte[] content = "{\"class_name\": \"Sequential\"}".getBytes(StandardCharsets.UTF_8);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
            ZipEntry e = new ZipEntry("config.json");
            e.setMethod(ZipEntry.STORED);
            e.setSize(content.length);
            CRC32 crc = new CRC32();
            crc.update(content);
            e.setCrc(crc.getValue());
            z.putNextEntry(e);
            z.write(content);
        }
        byte[] bytes = Files.readAllBytes(p);
        // Rewrite the uncompressed size in the central directory (offset 24 of its header) to 2 GB.
        for (int i = bytes.length - 22; i >= 0; i--) {
            if (bytes[i] == 'P' && bytes[i + 1] == 'K' && bytes[i + 2] == 1 && bytes[i + 3] == 2) {
                bytes[i + 24] = (byte) 0xff;
                bytes[i + 25] = (byte) 0xff;
                bytes[i + 26] = (byte) 0xff;
                bytes[i + 27] = (byte) 0x7f;
                break;
            }
        }
        Files.write(p, bytes);
        assertThat(ReaderErrors.failure(() -> KerasModelReader.read(p, null)))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining(p.toString());
    }

    @Test
    void malformedJsonReportsItsLocation() throws IOException {
        Path p = Files.writeString(tmp.resolve("bad.json"), "{\"class_name\": \"Sequential\",\n \"config\": [1, 2,, }");
        assertThat(ReaderErrors.failure(() -> KerasModelReader.read(p, null)))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("bad.json").hasMessageContaining("line 2");
    }

    @Test
    void malformedConfigInsideAnArchiveNamesTheEntry() throws IOException {
        Path p = tmp.resolve("badconfig.keras");
        try (OutputStream out = Files.newOutputStream(p); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("config.json"));
            z.write("{\"class_name\": ".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(ReaderErrors.failure(() -> KerasModelReader.read(p, null)))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("config.json");
    }

    @Test
    void jsonThatIsNotAnArchitectureIsRejected() throws IOException {
        Path p = Files.writeString(tmp.resolve("data.json"), "[1, 2, 3]");
        assertThat(ReaderErrors.failure(() -> KerasModelReader.read(p, null)))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("class_name");
    }

    @Test
    void lambdaLayerIsRefusedByTheSpecRegistry() {
        Path p = ReaderFixtures.path("lambda.keras");
        assertThat(ReaderErrors.failure(() -> KerasModelReader.read(p, null)))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("double (Lambda)")
                .hasMessageContaining("never executes code");
    }

    @Test
    void mixedPrecisionIsRefused() {
        Path p = ReaderFixtures.path("mixed_precision.keras");
        assertThat(ReaderErrors.failure(() -> KerasModelReader.read(p, null)))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("half (Dense)")
                .hasMessageContaining("mixed_float16").hasMessageContaining("float32");
    }

    @Test
    void sharedLayerIsReadAsOneLayerWithTwoCalls() {
        // Dense "shared" applied to its own output: one layer, two calls, its weights once.
        Path p = ReaderFixtures.path("shared_layer.keras");
        CheckedModel m = ModelChecker.check(KerasModelReader.read(p, null));
        assertThat(m.layers()).hasSize(1);
        assertThat(m.layer("shared").callCount()).isEqualTo(2);
        assertThat(m.layer("shared").calls().get(1).call().inputs()).containsExactly(TensorRef.of("shared"));
        assertThat(m.spec().outputs()).containsExactly(new TensorRef("shared", 1, 0));
        assertThat(m.totalParams()).isEqualTo(12);
    }

    @Test
    void unknownLayerClassIsRefusedWithTheFileName() {
        Path p = ReaderFixtures.path("custom_layer.h5");
        assertThat(ReaderErrors.failure(() -> KerasModelReader.read(p, null)))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("custom_layer.h5")
                .hasMessageContaining("unknown layer class 'demo>Scale'").hasMessageContaining("supported: ");
    }

    @Test
    void customClassIsRefusedByItsModuleEvenBeforeItsName() {
        Path p = ReaderFixtures.path("custom_layer.keras");
        assertThat(ReaderErrors.failure(() -> KerasModelReader.read(p, null)))
                .isInstanceOf(UnsupportedModelException.class).hasMessageContaining("custom_layer.keras")
                .hasMessageContaining("custom layer class 'Scale'").hasMessageContaining("demo>Scale")
                .hasMessageContaining("never executes");
    }
}
