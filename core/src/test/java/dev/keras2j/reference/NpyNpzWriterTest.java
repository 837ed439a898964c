package dev.keras2j.reference;

import static dev.keras2j.reference.ReferenceFiles.base;
import static dev.keras2j.reference.ReferenceFiles.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keras2j.model.NdArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyNpzWriterTest {
    @TempDir
    Path dir;

    private static NdArray random(long seed, int... shape) {
        Random r = new Random(seed);
        NdArray a = NdArray.zeros(shape);
        for (int i = 0; i < a.size(); i++) {
            a.data()[i] = (float) r.nextGaussian();
        }
        return a;
    }

    @Test
    void npyRoundTripKeepsShapeAndExactBits() {
        NdArray special = NdArray.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f,
                Float.MIN_VALUE, Float.MAX_VALUE}, 2, 3);
        List<NdArray> arrays = List.of(random(1, 3, 4), random(2, 7), NdArray.of(new float[] {2.5f}),
                NdArray.zeros(0, 5), random(3, 2, 3, 4, 5), random(4, 70000), special);
        for (NdArray a : arrays) {
            Path file = dir.resolve("a.npy");
            NpyWriter.write(file, a);
            NdArray back = NpyReader.read(file);
            assertThat(back.shape()).containsExactly(a.shape());
            for (int i = 0; i < a.size(); i++) {
                assertThat(Float.floatToRawIntBits(back.data()[i])).isEqualTo(Float.floatToRawIntBits(a.data()[i]));
            }
        }
    }

    @Test
    void npyBytesMatchNumpysLayout() throws IOException {
        // numpy writes the same header bytes for a C-ordered <f4 array of this shape.
        byte[] ours = NpyWriter.toBytes(NdArray.of(base(24), 2, 3, 4));
        byte[] numpy = Files.readAllBytes(path("npy/f4.npy"));
        assertThat(ours).isEqualTo(numpy);
    }

    @Test
    void headerIsPaddedTo64Bytes() {
        for (int[] shape : new int[][] {{}, {1}, {3, 4}, {100000, 2, 3, 4, 5, 6, 7}}) {
            byte[] header = NpyWriter.header(shape);
            assertThat(header.length % 64).isZero();
            assertThat(header[header.length - 1]).isEqualTo((byte) '\n');
        }
    }

    @Test
    void npzRoundTripKeepsKeysOrderAndValues() {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("output", random(5, 2, 3));
        arrays.put("input", random(6, 2, 4));
        arrays.put("layer/dense_1", random(7, 2, 8));
        arrays.put("scalar", NdArray.of(new float[] {1f}));
        Path file = dir.resolve("r.npz");
        NpzWriter.write(file, arrays);
        Map<String, NdArray> back = NpzReader.read(file);
        assertThat(back.keySet()).containsExactly("output", "input", "layer/dense_1", "scalar");
        arrays.forEach((k, v) -> {
            assertThat(back.get(k).shape()).containsExactly(v.shape());
            assertThat(back.get(k).data()).containsExactly(v.data());
        });
    }

    @Test
    void writesAtomicallyReplacingAndLeavingNoTempFiles() throws IOException {
        Path file = dir.resolve("sub/out.npz");
        NpzWriter.write(file, Map.of("input", random(1, 2, 2)));
        NpzWriter.write(file, Map.of("input", random(2, 3, 3)));
        assertThat(NpzReader.read(file).get("input").shape()).containsExactly(3, 3);
        NpyWriter.write(dir.resolve("sub/x.npy"), random(3, 4));
        try (Stream<Path> s = Files.list(dir.resolve("sub"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("out.npz", "x.npy");
        }
    }

    @Test
    void writeFailureLeavesExistingFileAndNoTemp() throws IOException {
        Path file = dir.resolve("keep.npz");
        NpzWriter.write(file, Map.of("input", random(1, 2)));
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> NpzWriter.write(file, Map.of("", random(1, 2))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s).hasSize(1);
        }
    }

    @Test
    void readsNumpyNpzStoredAndDeflated() {
        for (String name : new String[] {"npz/single.npz", "npz/single_compressed.npz"}) {
            Map<String, NdArray> arrays = NpzReader.read(path(name));
            assertThat(arrays).containsKeys("input", "output", "layer/dense_1");
            assertThat(arrays.get("layer/dense_1").shape()).containsExactly(2, 4);
            assertThat(arrays.get("layer/dense_1").data()).containsExactly(base(8));
        }
    }

    @Test
    void refusesBadArchives() {
        assertThatThrownBy(() -> NpzReader.read(path("bad/bad_entry.npz")))
                .isInstanceOf(ReferenceFormatException.class)
                .hasMessageContaining("bad_entry.npz:output")
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> NpzReader.read(path("bad/non_npy_entry.npz")))
                .isInstanceOf(ReferenceFormatException.class)
                .hasMessageContaining("notes.txt is not a <key>.npy array");
        assertThatThrownBy(() -> NpzReader.read(path("bad/truncated.npz")))
                .isInstanceOf(ReferenceFormatException.class)
                .hasMessageContaining("truncated.npz");
        assertThatThrownBy(() -> NpzReader.read(path("bad/object_entry.npz")))
                .isInstanceOf(ReferenceFormatException.class)
                .hasMessageContaining("object_entry.npz:input")
                .hasMessageContaining("never unpickles");
        assertThatThrownBy(() -> NpzReader.read(path("bad/random.bin")))
                .isInstanceOf(ReferenceFormatException.class)
                .hasMessageContaining("random.bin");
    }
}
