package dev.keras2j.export.dl4j;

import dev.keras2j.model.NdArray;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The read-only real Keras 1/2 corpus (DL4J's own test models) in {@code shared/corpus/dl4j-suite}, beside
 * the repository: its models and their reference files ({@code inputs/<input>},
 * {@code predictions/<output layer>}).
 */
public final class Corpus {
    private Corpus() {
    }

    public static Path dir() {
        String prop = System.getProperty("keras2j.corpus");
        if (prop != null) {
            return Path.of(prop);
        }
        Path beside = Path.of(System.getProperty("keras2j.root", "."), "..", "shared", "corpus", "dl4j-suite")
                .normalize();
        return Files.isDirectory(beside) ? beside : Path.of("/work/shared/corpus/dl4j-suite");
    }

    /** The one file of case {@code id} whose name ends with {@code suffix}. */
    public static Path file(String id, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir().resolve(id))) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst()
                    .orElseThrow(() -> new IOException("corpus case " + id + " has no *" + suffix));
        }
    }

    /** The case's model file: the {@code .h5} that is not its reference file. */
    public static Path model(String id) throws IOException {
        try (Stream<Path> s = Files.list(dir().resolve(id))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".h5")
                            && !p.getFileName().toString().endsWith("_inputs_and_outputs.h5"))
                    .findFirst().orElseThrow(() -> new IOException("corpus case " + id + " has no model file"));
        }
    }

    public static NdArray referenceInput(String id) throws IOException {
        Path npy = dir().resolve(id).resolve("input.npy");
        return Files.exists(npy) ? Fixtures.npy(Files.readAllBytes(npy)) : first(id, "inputs");
    }

    public static NdArray referenceOutput(String id) throws IOException {
        Path npy = dir().resolve(id).resolve("predictions.npy");
        return Files.exists(npy) ? Fixtures.npy(Files.readAllBytes(npy)) : first(id, "predictions");
    }

    private static NdArray first(String id, String group) throws IOException {
        try (HdfFile h = new HdfFile(file(id, "_inputs_and_outputs.h5"))) {
            Group g = (Group) h.getChild(group);
            Dataset d = (Dataset) g.getChildren().values().iterator().next();
            int[] shape = d.getDimensions();
            float[] data = new float[Math.toIntExact(NdArray.elementCount(shape))];
            Object flat = d.getDataFlat();
            if (flat instanceof float[] f) {
                System.arraycopy(f, 0, data, 0, data.length);
            } else if (flat instanceof double[] dd) {
                for (int i = 0; i < data.length; i++) {
                    data[i] = (float) dd[i];
                }
            } else {
                throw new IOException("unsupported reference dtype " + d.getJavaType());
            }
            return NdArray.of(data, shape);
        }
    }
}
