package dev.keras2j.reference;

import static dev.keras2j.reference.ReferenceFiles.base;
import static dev.keras2j.reference.ReferenceFiles.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keras2j.model.NdArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpyReaderTest {

    @ParameterizedTest
    @ValueSource(strings = {"f4", "f8", "i4", "i8", "i2", "i1", "f2", "be_f4", "be_f8", "be_i4", "be_i8", "be_i2",
            "be_f2", "fortran_f4", "fortran_be_f8", "v2_f4", "v3_f4"})
    void readsNumpyDtypesAsFloat32InCOrder(String name) {
        NdArray a = NpyReader.read(path("npy/" + name + ".npy"));
        assertThat(a.shape()).containsExactly(2, 3, 4);
        assertThat(a.data()).containsExactly(base(24));
    }

    @ParameterizedTest
    @ValueSource(strings = {"u1", "be_u2"})
    void readsUnsigned(String name) {
        NdArray a = NpyReader.read(path("npy/" + name + ".npy"));
        float[] expected = new float[24];
        for (int i = 0; i < 24; i++) {
            expected[i] = i;
        }
        assertThat(a.shape()).containsExactly(2, 3, 4);
        assertThat(a.data()).containsExactly(expected);
    }

    @Test
    void readsBoolAsZeroOrOne() {
        NdArray a = NpyReader.read(path("npy/b1.npy"));
        for (int i = 0; i < 24; i++) {
            assertThat(a.data()[i]).isEqualTo(i % 3 == 0 ? 1f : 0f);
        }
    }

    @Test
    void fortranOrderIsTransposedToCOrder() {
        // The C-order twin holds the same logical array; equality proves the transpose.
        assertThat(NpyReader.read(path("npy/fortran_f4.npy")).data())
                .containsExactly(NpyReader.read(path("npy/f4.npy")).data());
    }

    @Test
    void fortranToCOnSmallMatrix() {
        // Column-major [[1,2,3],[4,5,6]] is stored 1,4,2,5,3,6.
        float[] c = NpyReader.fortranToC(new float[] {1, 4, 2, 5, 3, 6}, new int[] {2, 3});
        assertThat(c).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void zeroDimensionalArraysHaveRankZeroAndOneElement() {
        for (String name : new String[] {"scalar_f4", "scalar_f8"}) {
            NdArray a = NpyReader.read(path("npy/" + name + ".npy"));
            assertThat(a.rank()).isZero();
            assertThat(a.data()).containsExactly(3.5f);
        }
    }

    @Test
    void vectorAndEmptyArrays() {
        NdArray v = NpyReader.read(path("npy/vector_f4.npy"));
        assertThat(v.shape()).containsExactly(5);
        assertThat(v.data()).containsExactly(base(5));
        NdArray empty = NpyReader.read(path("npy/empty_f4.npy"));
        assertThat(empty.shape()).containsExactly(0, 3);
        assertThat(empty.size()).isZero();
    }

    @Test
    void halfPrecisionMatchesNumpysOwnConversion() {
        float[] half = NpyReader.read(path("npy/half_special.npy")).data();
        float[] numpy = NpyReader.read(path("npy/half_special_as_f4.npy")).data();
        assertThat(half).hasSameSizeAs(numpy);
        for (int i = 0; i < half.length; i++) {
            // Bitwise, so -0.0 and NaN are checked too.
            assertThat(Float.floatToIntBits(half[i])).as("element %d", i).isEqualTo(Float.floatToIntBits(numpy[i]));
        }
    }

    @Test
    void halfFloatConvertsEveryBitPatternLikeADoubleRoundTrip() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = HalfFloat.toFloat((short) bits);
            int exponent = (bits >>> 10) & 0x1f;
            int mantissa = bits & 0x3ff;
            double expected = exponent == 0 ? mantissa * Math.pow(2, -24)
                    : exponent == 31 ? (mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                    : (1 + mantissa / 1024.0) * Math.pow(2, exponent - 15);
            if ((bits & 0x8000) != 0) {
                expected = -expected;
            }
            if (Double.isNaN(expected)) {
                assertThat(f).isNaN();
            } else {
                assertThat((double) f).as("bits %04x", bits).isEqualTo(expected);
            }
        }
    }

    @Test
    void refusesTruncatedData() {
        assertThatThrownBy(() -> NpyReader.read(path("bad/truncated_data.npy")))
                .isInstanceOf(ReferenceFormatException.class)
                .hasMessageContaining("truncated_data.npy")
                .hasMessageContaining("truncated")
                .hasMessageContaining("needs 96 bytes but only 89");
    }

    @Test
    void refusesTruncatedHeader() {
        assertThatThrownBy(() -> NpyReader.read(path("bad/truncated_header.npy")))
                .isInstanceOf(ReferenceFormatException.class)
                .hasMessageContaining("truncated_header.npy")
                .hasMessageContaining("truncated");
    }

    @Test
    void refusesAbsurdDeclaredShapeBeforeAllocating() {
        assertThatThrownBy(() -> NpyReader.read(path("bad/absurd_shape.npy")))
                .isInstanceOf(ReferenceFormatException.class)
                .hasMessageContaining("(200000, 200000, 200000)")
                .hasMessageContaining("needs 32000000000000000 bytes");
        assertThatThrownBy(() -> NpyReader.read(path("bad/overflow_shape.npy")))
                .isInstanceOf(ReferenceFormatException.class)
                .hasMessageContaining("overflows");
    }

    @Test
    void refusesTrailingBytes() {
        assertThatThrownBy(() -> NpyReader.read(path("bad/trailing_bytes.npy")))
                .isInstanceOf(ReferenceFormatException.class)
                .hasMessageContaining("4 bytes beyond");
    }

    @Test
    void refusesPickledObjectArrays() {
        assertThatThrownBy(() -> NpyReader.read(path("bad/object_array.npy")))
                .isInstanceOf(ReferenceFormatException.class)
                .hasMessageContaining("object_array.npy")
                .hasMessageContaining("never unpickles");
    }

    @Test
    void refusesNonNumericDtypes() {
        assertThatThrownBy(() -> NpyReader.read(path("bad/structured.npy")))
                .isInstanceOf(ReferenceFormatException.class).hasMessageContaining("structured dtype");
        assertThatThrownBy(() -> NpyReader.read(path("bad/complex.npy")))
                .isInstanceOf(ReferenceFormatException.class).hasMessageContaining("unsupported dtype <c8");
        assertThatThrownBy(() -> NpyReader.read(path("bad/unicode.npy")))
                .isInstanceOf(ReferenceFormatException.class).hasMessageContaining("unsupported dtype <U2");
    }

    @Test
    void refusesNonNpyAndMissingFiles() {
        assertThatThrownBy(() -> NpyReader.read(path("bad/not_npy.npy")))
                .isInstanceOf(ReferenceFormatException.class).hasMessageContaining("magic");
        assertThatThrownBy(() -> NpyReader.read(path("bad").resolve("nope.npy")))
                .isInstanceOf(ReferenceFormatException.class).hasMessageContaining("file not found");
    }

    @Test
    void messagesAreOneLine() {
        for (String name : new String[] {"truncated_data.npy", "absurd_shape.npy", "object_array.npy",
                "structured.npy", "not_npy.npy"}) {
            assertThatThrownBy(() -> NpyReader.read(path("bad/" + name))).satisfies(
                    e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }
}
