package dev.keras2j.cli;

import dev.keras2j.KerasModel;
import dev.keras2j.model.NdArray;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * One model evaluated on a labelled data set: its metrics and its speed in keras2j's runtime. Speed is measured
 * after a warm-up: latency as the median time to predict one example alone, throughput over the whole data set
 * predicted in batches.
 *
 * @param latencyMs  median milliseconds to predict a single example (batch of one)
 * @param throughput examples per second when predicting the data set in batches
 */
record ModelEvaluation(Path model, String name, String inputKey, long params, ClassificationMetrics metrics,
                       double latencyMs, double throughput) {
    private static final int LATENCY_SAMPLES = 25;

    static ModelEvaluation run(Path modelFile, EvaluationData data, int batchSize) {
        KerasModel model = KerasModel.load(modelFile);
        String name = ModelDiscovery.stem(modelFile.getFileName().toString());
        String key = data.inputKey(name);
        NdArray x = data.inputs(key);
        int n = x.dim(0);
        int[] labels = data.labels();

        // Warm-up: let the JIT compile the layers' loops before anything is timed.
        for (int i = 0; i < 3; i++) {
            model.predict(rows(x, 0, Math.min(n, batchSize)));
        }
        int samples = Math.min(n, LATENCY_SAMPLES);
        double[] single = new double[samples];
        for (int i = 0; i < samples; i++) {
            long t = System.nanoTime();
            model.predict(rows(x, i, i + 1));
            single[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(single);
        double latency = samples == 0 ? Double.NaN
                : samples % 2 == 1 ? single[samples / 2] : (single[samples / 2 - 1] + single[samples / 2]) / 2;

        int[] predicted = new int[n];
        int outWidth = 0;
        long start = System.nanoTime();
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            NdArray out = model.predict(rows(x, from, to));
            outWidth = out.size() / (to - from);
            classes(out, to - from, predicted, from);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int classes = Math.max(outWidth == 1 ? 2 : outWidth, 1);
        for (int l : labels) {
            classes = Math.max(classes, l + 1);
        }
        ClassificationMetrics metrics = ClassificationMetrics.of(labels, predicted, classes);
        return new ModelEvaluation(modelFile, name, key, model.description().totalParams(), metrics, latency,
                seconds > 0 ? n / seconds : Double.NaN);
    }

    /** Predicted classes: the arg-max of each row, or {@code > 0.5} for a single sigmoid output. */
    private static void classes(NdArray out, int count, int[] into, int offset) {
        int width = out.size() / count;
        float[] d = out.data();
        for (int i = 0; i < count; i++) {
            if (width == 1) {
                into[offset + i] = d[i] > 0.5f ? 1 : 0;
                continue;
            }
            int best = 0;
            for (int c = 1; c < width; c++) {
                if (d[i * width + c] > d[i * width + best]) {
                    best = c;
                }
            }
            into[offset + i] = best;
        }
    }

    /** Examples {@code [from, to)} of a batch, as a new array. */
    private static NdArray rows(NdArray x, int from, int to) {
        int per = x.size() / x.dim(0);
        int[] shape = x.shape();
        shape[0] = to - from;
        return NdArray.of(Arrays.copyOfRange(x.data(), from * per, to * per), shape);
    }
}
