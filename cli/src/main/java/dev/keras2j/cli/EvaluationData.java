package dev.keras2j.cli;

import dev.keras2j.model.NdArray;
import dev.keras2j.reference.NpzReader;

import java.nio.file.Path;
import java.util.Map;

/**
 * A labelled data set for {@code keras2j evaluate}: an {@code .npz} holding {@code y} (integer class labels, or
 * one-hot rows) and the inputs, either one {@code x} for every model or {@code x_<model stem>} per model.
 */
final class EvaluationData {
    private final Path file;
    private final Map<String, NdArray> arrays;
    private final int[] labels;

    private EvaluationData(Path file, Map<String, NdArray> arrays, int[] labels) {
        this.file = file;
        this.arrays = arrays;
        this.labels = labels;
    }

    static EvaluationData load(Path npz) {
        Map<String, NdArray> arrays = NpzReader.read(npz);
        NdArray y = arrays.get("y");
        if (y == null) {
            throw new UsageException(npz + ": no 'y' array (the class labels); keys are " + arrays.keySet());
        }
        return new EvaluationData(npz, arrays, labels(npz, y));
    }

    /** Integer labels from {@code [N]} / {@code [N, 1]} class ids, or from one-hot {@code [N, C]} rows. */
    private static int[] labels(Path npz, NdArray y) {
        int n = y.rank() == 0 ? 0 : y.dim(0);
        int width = y.size() / Math.max(n, 1);
        float[] d = y.data();
        int[] out = new int[n];
        if (y.rank() == 1 || (y.rank() == 2 && width == 1)) {
            for (int i = 0; i < n; i++) {
                if (d[i] < 0 || d[i] != Math.rint(d[i])) {
                    throw new UsageException(npz + ": y[" + i + "] = " + d[i] + " is not a class index");
                }
                out[i] = (int) d[i];
            }
            return out;
        }
        if (y.rank() != 2) {
            throw new UsageException(npz + ": y has shape " + y.shapeString() + "; expected [N] class ids or [N, C] one-hot rows");
        }
        for (int i = 0; i < n; i++) {
            int hot = -1;
            for (int c = 0; c < width; c++) {
                float v = d[i * width + c];
                if (v == 1f && hot < 0) {
                    hot = c;
                } else if (v != 0f) {
                    throw new UsageException(npz + ": y row " + i + " is not one-hot");
                }
            }
            if (hot < 0) {
                throw new UsageException(npz + ": y row " + i + " is not one-hot (no 1)");
            }
            out[i] = hot;
        }
        return out;
    }

    /** The key of the inputs for a model: {@code x_<stem>} when present, else {@code x}. */
    String inputKey(String modelStem) {
        String own = "x_" + modelStem;
        if (arrays.containsKey(own)) {
            return own;
        }
        if (arrays.containsKey("x")) {
            return "x";
        }
        throw new UsageException(file + ": no '" + own + "' or 'x' array for model " + modelStem + "; keys are " + arrays.keySet());
    }

    NdArray inputs(String key) {
        NdArray x = arrays.get(key);
        if (x.rank() == 0 || x.dim(0) != labels.length) {
            throw new UsageException(file + ": '" + key + "' has shape " + x.shapeString() + " but y has "
                    + labels.length + " labels");
        }
        return x;
    }

    int[] labels() {
        return labels.clone();
    }

    int size() {
        return labels.length;
    }

    Path file() {
        return file;
    }
}
