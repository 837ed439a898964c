package dev.keras2j.reference;

import static dev.keras2j.reference.ReferenceFiles.base;
import static dev.keras2j.reference.ReferenceFiles.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keras2j.model.NdArray;
import dev.keras2j.model.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceTest {
    @TempDir
    Path dir;

    private static float[] scaled(float[] values, float factor, float offset) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] * factor + offset;
        }
        return out;
    }

    private static float[] ones(int n) {
        float[] out = new float[n];
        java.util.Arrays.fill(out, 1f);
        return out;
    }

    @Test
    void npzWithInputOutputAndLayers() {
        Reference r = Reference.load(path("npz/single.npz"));
        assertThat(r.inputNames()).containsExactly("input");
        assertThat(r.input().shape()).containsExactly(2, 5);
        assertThat(r.input().data()).containsExactly(scaled(base(10), 0.25f, 0));
        assertThat(r.output().data()).containsExactly(scaled(base(6), 2, 0));
        assertThat(r.layerOutputs().keySet()).containsExactly("dense_1", "out");
        assertThat(r.layerOutputs().get("dense_1").data()).containsExactly(base(8));
    }

    @Test
    void npzDeflatedIsRead() {
        Reference r = Reference.load(path("npz/single_compressed.npz"));
        assertThat(r.output().data()).containsExactly(scaled(base(6), 2, 0));
    }

    @Test
    void npzNumberedInputsAndOutputsAreOrderedByIndex() {
        Reference r = Reference.load(path("npz/multi.npz"));
        assertThat(r.inputNames()).containsExactly("input_0", "input_1");
        assertThat(r.outputNames()).containsExactly("output_0", "output_1");
        assertThat(r.inputs().get(1).data()).containsExactly(scaled(base(10), 0.25f, 1));
        assertThat(r.outputs().get(1).data()).containsExactly(scaled(base(6), 2, 1));
        assertThatThrownBy(r::input).isInstanceOf(ReferenceFormatException.class).hasMessageContaining("2 inputs");
    }

    @Test
    void npzWithInputOnlyHasNoOutputs() {
        Reference r = Reference.load(path("npz/input_only.npz"));
        assertThat(r.outputs()).isEmpty();
        assertThatThrownBy(r::output).isInstanceOf(ReferenceFormatException.class);
    }

    @Test
    void npzWithGapInNumberingIsRefused() {
        assertThatThrownBy(() -> Reference.load(path("npz/gap.npz")))
                .isInstanceOf(ReferenceFormatException.class)
                .hasMessageContaining("gap.npz")
                .hasMessageContaining("[input_0, input_2]");
    }

    @Test
    void dl4jTrainedReferenceUsesPredictionsNotLabels() {
        Reference r = Reference.load(path("h5/trained_inputs_and_outputs.h5"));
        assertThat(r.inputNames()).containsExactly("dense_input");
        assertThat(r.input().shape()).containsExactly(2, 4);
        assertThat(r.input().data()).containsExactly(scaled(base(8), 0.125f, 0));
        assertThat(r.outputNames()).containsExactly("out");
        // outputs/ holds labels (all ones); predictions/ holds what the model computed.
        assertThat(r.output().data()).containsExactly(scaled(base(6), 0.5f, 0));
        assertThat(r.layerOutputs().keySet()).containsExactlyInAnyOrder("dense", "out");
        assertThat(r.layerOutputs().get("dense").data()).containsExactly(base(10));
    }

    @Test
    void dl4jFloat64DatasetsBecomeFloat32() {
        Reference r = Reference.load(path("h5/float64_inputs_and_outputs.h5"));
        assertThat(r.input().data()).containsExactly(scaled(base(8), 0.125f, 0));
        assertThat(r.output().data()).containsExactly(scaled(base(6), 0.5f, 0));
    }

    @Test
    void dl4jInputsFollowTheDeclaredOrder() {
        Reference r = Reference.load(path("h5/two_inputs_inputs_and_outputs.h5"));
        assertThat(r.inputNames()).containsExactly("z_in", "a_in");
        assertThat(r.inputs().get(1).data()).containsExactly(scaled(base(8), 0.125f, 1));
        assertThat(r.layerOutputs()).isEmpty();
    }

    @Test
    void dl4jOutputsGroupIsUsedOnlyWithoutScores() {
        Reference r = Reference.load(path("h5/outputs_only_inputs_and_outputs.h5"));
        assertThat(r.output().data()).containsExactly(scaled(base(6), 0.5f, 0));
        assertThatThrownBy(() -> Reference.load(path("h5/labels_only_inputs_and_outputs.h5")))
                .isInstanceOf(ReferenceFormatException.class)
                .hasMessageContaining("labels_only_inputs_and_outputs.h5")
                .hasMessageContaining("training labels");
    }

    @Test
    void hdf5ThatIsNotAReferenceIsRefused() {
        assertThatThrownBy(() -> Reference.load(path("h5/not_a_reference.h5")))
                .isInstanceOf(ReferenceFormatException.class)
                .hasMessageContaining("not_a_reference.h5")
                .hasMessageContaining("no inputs/ group");
    }

    @Test
    void npyPairFolderAndEitherOfItsFiles() {
        for (Path p : List.of(path("folders/npy_pair"), path("folders/npy_pair/input.npy"),
                path("folders/npy_pair/predictions.npy"))) {
            Reference r = Reference.load(p);
            assertThat(r.inputNames()).containsExactly("input");
            assertThat(r.outputNames()).containsExactly("predictions");
            assertThat(r.input().data()).containsExactly(scaled(base(12), 0.125f, 0));
            assertThat(r.output().shape()).containsExactly(3, 1);
        }
    }

    @Test
    void fromNpyFilesTakesExplicitFiles() {
        Reference r = Reference.fromNpyFiles(List.of(path("npy/f4.npy")), List.of(path("npy/vector_f4.npy")));
        assertThat(r.input().shape()).containsExactly(2, 3, 4);
        assertThat(r.output().shape()).containsExactly(5);
    }

    @Test
    void ambiguousOutputsAreRefused() {
        assertThatThrownBy(() -> Reference.load(path("folders/ambiguous")))
                .isInstanceOf(ReferenceFormatException.class)
                .hasMessageContaining("both output*.npy and predictions*.npy");
    }

    @Test
    void folderWithOneNpzLoadsIt() {
        Reference r = Reference.load(path("folders/single_npz"));
        assertThat(r.input().data()).containsExactly(base(10));
        assertThat(r.source()).endsWith("case.npz");
    }

    @Test
    void csvSequencesAreStackedInNumericOrderAndCutToTheModelsFeatures() {
        Reference r = Reference.load(path("folders/csv_sequences"), List.of(Shape.of(3, 2)));
        NdArray x = r.input();
        assertThat(x.shape()).containsExactly(4, 3, 2);
        int[] sequences = {0, 1, 2, 10};
        for (int s = 0; s < 4; s++) {
            for (int t = 0; t < 3; t++) {
                for (int f = 0; f < 2; f++) {
                    float expected = (float) (sequences[s] + t / 10.0 + f / 100.0);
                    assertThat(x.data()[(s * 3 + t) * 2 + f]).isEqualTo(expected);
                }
            }
        }
        assertThat(r.output().data()).containsExactly(0f, 0.25f, 0.5f, 2.5f);
    }

    @Test
    void csvSequencesWithoutModelShapeKeepAllColumns() {
        Reference r = Reference.load(path("folders/csv_sequences"));
        assertThat(r.input().shape()).containsExactly(4, 3, 3);
        assertThat(r.input().data()[2]).isEqualTo(-1f);
    }

    @Test
    void csvSequencesMustFitTheModel() {
        assertThatThrownBy(() -> Reference.load(path("folders/csv_sequences"), List.of(Shape.of(5, 2))))
                .isInstanceOf(ReferenceFormatException.class).hasMessageContaining("3 timesteps but the model expects 5");
        assertThatThrownBy(() -> Reference.load(path("folders/csv_sequences"), List.of(Shape.of(3, 4))))
                .isInstanceOf(ReferenceFormatException.class).hasMessageContaining("3 columns but the model expects 4");
        Reference unknownTime = Reference.load(path("folders/csv_sequences"), List.of(Shape.of(Shape.UNKNOWN, 2)));
        assertThat(unknownTime.input().shape()).containsExactly(4, 3, 2);
    }

    @Test
    void csvHeaderIsSkippedAndNonNumericNamesSortByName() {
        Reference r = Reference.load(path("folders/csv_header"));
        // a.csv (written as sequence 1) sorts before b.csv (sequence 0).
        assertThat(r.input().shape()).containsExactly(2, 2, 2);
        assertThat(r.input().data()[0]).isEqualTo(1f);
        assertThat(r.input().data()[4]).isEqualTo(0f);
        assertThat(r.outputNames()).containsExactly("output");
    }

    @Test
    void unknownOrMissingInputsAreRefusedWithTheFileName() {
        assertThatThrownBy(() -> Reference.load(path("bad/random.bin")))
                .isInstanceOf(ReferenceFormatException.class).hasMessageContaining("random.bin: not a reference");
        assertThatThrownBy(() -> Reference.load(dir.resolve("missing.npz")))
                .isInstanceOf(ReferenceFormatException.class).hasMessageContaining("missing.npz: reference not found");
        assertThatThrownBy(() -> Reference.load(dir))
                .isInstanceOf(ReferenceFormatException.class).hasMessageContaining("no reference found");
        assertThatThrownBy(() -> Reference.load(path("npy/f4.npy")))
                .isInstanceOf(ReferenceFormatException.class).hasMessageContaining("a single .npy is not a reference");
    }

    @Test
    void writerRoundTripsAReference() {
        Reference original = Reference.load(path("npz/multi.npz"));
        Path file = dir.resolve("copy.npz");
        ReferenceWriter.write(file, new Reference("x", original.inputNames(), original.inputs(),
                original.outputNames(), original.outputs(), Map.of("dense", original.inputs().get(0))));
        Reference back = Reference.load(file);
        assertThat(back.inputNames()).containsExactly("input_0", "input_1");
        assertThat(back.outputs().get(1).data()).containsExactly(original.outputs().get(1).data());
        assertThat(back.layerOutputs().keySet()).containsExactly("dense");
    }

    @Test
    void predictionsWriterUsesSingleKeysForSingleArrays() {
        Path file = dir.resolve("pred.npz");
        NdArray x = NdArray.of(base(6), 2, 3);
        NdArray y = NdArray.of(ones(2), 2, 1);
        ReferenceWriter.writePredictions(file, List.of(x), List.of(y));
        assertThat(NpzReader.read(file).keySet()).containsExactly("input", "output");
        Reference r = Reference.load(file);
        assertThat(r.input().data()).containsExactly(base(6));
        assertThat(r.output().shape()).containsExactly(2, 1);
    }
}
