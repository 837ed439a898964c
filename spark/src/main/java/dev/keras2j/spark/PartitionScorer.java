package dev.keras2j.spark;

import dev.keras2j.KerasModel;
import dev.keras2j.model.NdArray;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Scores one partition: reads rows into mini-batches of at most {@code batchSize} examples, runs the model
 * (loaded once per JVM through {@link ModelCache}) and yields each row, in order, with its outputs
 * appended. Only as many rows as one batch are held at a time.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final String sha256;
    private final Broadcast<byte[]> modelBytes;
    private final InputColumn[] inputs;
    private final int[][] exampleShapes;
    private final int batchSize;
    private final boolean nullOnError;
    private final boolean argmax;
    private final boolean maxProbability;
    private final int inputWidth;

    PartitionScorer(String sha256, Broadcast<byte[]> modelBytes, InputColumn[] inputs, int[][] exampleShapes,
                    int batchSize, boolean nullOnError, boolean argmax, boolean maxProbability, int inputWidth) {
        this.sha256 = sha256;
        this.modelBytes = modelBytes;
        this.inputs = inputs;
        this.exampleShapes = exampleShapes;
        this.batchSize = batchSize;
        this.nullOnError = nullOnError;
        this.argmax = argmax;
        this.maxProbability = maxProbability;
        this.inputWidth = inputWidth;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        KerasModel model = ModelCache.get(sha256, modelBytes::value);
        return new Batches(model, rows);
    }

    /** Pulls a batch of rows at a time from the partition and hands out the scored rows one by one. */
    private final class Batches implements Iterator<Row> {
        private final KerasModel model;
        private final Iterator<Row> rows;
        private final float[][] buffers = new float[inputs.length][];
        private final List<Row> chunk = new ArrayList<>(batchSize);
        private final List<String> errors = new ArrayList<>(batchSize);
        private List<Row> ready = List.of();
        private int next;
        private long rowIndex;

        Batches(KerasModel model, Iterator<Row> rows) {
            this.model = model;
            this.rows = rows;
            for (int i = 0; i < inputs.length; i++) {
                buffers[i] = new float[batchSize * inputs[i].length];
            }
        }

        @Override
        public boolean hasNext() {
            if (next < ready.size()) {
                return true;
            }
            if (!rows.hasNext()) {
                return false;
            }
            scoreNextChunk();
            return next < ready.size();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.get(next++);
        }

        private void scoreNextChunk() {
            chunk.clear();
            errors.clear();
            int good = 0;
            while (good < batchSize && rows.hasNext()) {
                Row row = rows.next();
                String error = readRow(row, good);
                if (error != null && !nullOnError) {
                    TaskContext task = TaskContext.get();
                    throw new BadRowException("row " + rowIndex
                            + (task == null ? "" : " of partition " + task.partitionId()) + ": " + error);
                }
                rowIndex++;
                chunk.add(row);
                errors.add(error);
                if (error == null) {
                    good++;
                }
            }
            List<NdArray> outputs = good == 0 ? List.of() : model.predict(batch(good));
            List<Row> scored = new ArrayList<>(chunk.size());
            int example = 0;
            for (int r = 0; r < chunk.size(); r++) {
                String error = errors.get(r);
                scored.add(output(chunk.get(r), error == null ? outputs : null, example, error));
                if (error == null) {
                    example++;
                }
            }
            ready = scored;
            next = 0;
        }

        /** Reads every input of the row into slot {@code slot} of the batch; null, or why it cannot. */
        private String readRow(Row row, int slot) {
            for (int i = 0; i < inputs.length; i++) {
                String error = inputs[i].read(row, buffers[i], slot * inputs[i].length);
                if (error != null) {
                    return error;
                }
            }
            return null;
        }

        private List<NdArray> batch(int examples) {
            List<NdArray> batch = new ArrayList<>(inputs.length);
            for (int i = 0; i < inputs.length; i++) {
                float[] data = examples == batchSize ? buffers[i]
                        : Arrays.copyOf(buffers[i], examples * inputs[i].length);
                int[] shape = new int[exampleShapes[i].length + 1];
                shape[0] = examples;
                System.arraycopy(exampleShapes[i], 0, shape, 1, exampleShapes[i].length);
                batch.add(NdArray.of(data, shape));
            }
            return batch;
        }

        private Row output(Row row, List<NdArray> outputs, int example, String error) {
            int extra = countOutputs();
            Object[] values = new Object[inputWidth + extra];
            for (int i = 0; i < inputWidth; i++) {
                values[i] = row.get(i);
            }
            int at = inputWidth;
            float[] first = null;
            for (int o = 0; o < outputCount(); o++) {
                if (outputs == null) {
                    values[at++] = null;
                    continue;
                }
                float[] all = outputs.get(o).data();
                int len = all.length / outputs.get(o).dim(0);
                float[] mine = Arrays.copyOfRange(all, example * len, (example + 1) * len);
                if (o == 0) {
                    first = mine;
                }
                values[at++] = mine;
            }
            if (argmax || maxProbability) {
                int best = first == null ? -1 : argmax(first);
                if (argmax) {
                    values[at++] = best < 0 ? null : best;
                }
                if (maxProbability) {
                    values[at++] = best < 0 ? null : first[best];
                }
            }
            if (nullOnError) {
                values[at] = error;
            }
            return RowFactory.create(values);
        }

        private int countOutputs() {
            return outputCount() + (argmax ? 1 : 0) + (maxProbability ? 1 : 0) + (nullOnError ? 1 : 0);
        }

        private int outputCount() {
            return model.outputShapes().size();
        }
    }

    /** numpy's argmax: the first largest value, or the first NaN; -1 for no values. */
    static int argmax(float[] values) {
        int best = values.length == 0 ? -1 : 0;
        for (int i = 0; i < values.length; i++) {
            if (Float.isNaN(values[i])) {
                return i;
            }
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
