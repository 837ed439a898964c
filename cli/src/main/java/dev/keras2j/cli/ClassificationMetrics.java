package dev.keras2j.cli;

/**
 * Accuracy, precision, recall and F1 of predicted class labels against true ones, from the confusion matrix.
 * A class with no predictions has precision 0, a class with no support has recall 0, and F1 is 0 when both
 * are 0 (scikit-learn's {@code zero_division=0}). Macro averages run over the classes that occur in the labels
 * or the predictions, as scikit-learn's do.
 */
final class ClassificationMetrics {
    private final long[][] confusion;
    private final int examples;

    private ClassificationMetrics(long[][] confusion, int examples) {
        this.confusion = confusion;
        this.examples = examples;
    }

    /**
     * @param truth      true class of each example, in {@code [0, classes)}
     * @param predicted  predicted class of each example, in {@code [0, classes)}
     * @param classes    number of classes
     */
    static ClassificationMetrics of(int[] truth, int[] predicted, int classes) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " labels but " + predicted.length + " predictions");
        }
        long[][] m = new long[classes][classes];
        for (int i = 0; i < truth.length; i++) {
            m[truth[i]][predicted[i]]++;
        }
        return new ClassificationMetrics(m, truth.length);
    }

    int classes() {
        return confusion.length;
    }

    int examples() {
        return examples;
    }

    /** {@code [true class][predicted class]} → count; a copy. */
    long[][] confusionMatrix() {
        long[][] copy = new long[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return copy;
    }

    double accuracy() {
        long correct = 0;
        for (int c = 0; c < confusion.length; c++) {
            correct += confusion[c][c];
        }
        return examples == 0 ? 0 : (double) correct / examples;
    }

    /** Examples whose true class is {@code c}. */
    long support(int c) {
        long n = 0;
        for (long v : confusion[c]) {
            n += v;
        }
        return n;
    }

    /** Examples predicted as {@code c}. */
    long predictedCount(int c) {
        long n = 0;
        for (long[] row : confusion) {
            n += row[c];
        }
        return n;
    }

    double precision(int c) {
        long predicted = predictedCount(c);
        return predicted == 0 ? 0 : (double) confusion[c][c] / predicted;
    }

    double recall(int c) {
        long support = support(c);
        return support == 0 ? 0 : (double) confusion[c][c] / support;
    }

    double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    double macroPrecision() {
        return macro(0);
    }

    double macroRecall() {
        return macro(1);
    }

    double macroF1() {
        return macro(2);
    }

    private double macro(int which) {
        double sum = 0;
        int n = 0;
        for (int c = 0; c < confusion.length; c++) {
            if (support(c) == 0 && predictedCount(c) == 0) {
                continue;
            }
            sum += switch (which) {
                case 0 -> precision(c);
                case 1 -> recall(c);
                default -> f1(c);
            };
            n++;
        }
        return n == 0 ? 0 : sum / n;
    }
}
