package dev.keras2j.spark;

import dev.keras2j.KerasModel;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.keras2j.spark.KerasModelTransformerTest.assertSameBits;
import static dev.keras2j.spark.KerasModelTransformerTest.examples;
import static dev.keras2j.spark.KerasModelTransformerTest.floats;
import static dev.keras2j.spark.KerasModelTransformerTest.predictOne;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A transformer saved with Spark ML's writer and read back, alone and inside a PipelineModel. */
class PersistenceTest {
    private final SparkSession spark = SparkTestSession.get();

    @Test
    void savedTransformerReadBackScoresTheSame(@TempDir Path dir) throws Exception {
        String fixture = "shapes_cnn";
        Path copy = dir.resolve("model.h5");
        Files.copy(SparkTestSession.fixture(fixture), copy);
        KerasModelTransformer t = new KerasModelTransformer().setModelPath(copy.toString()).setBatchSize(5)
                .setOutputCol("probs").setArgmaxCol("label").setOnError("null").setErrorCol("why");
        String saved = dir.resolve("saved").toString();
        t.write().save(saved);
        // the saved transformer holds the model's bytes: the original file is no longer needed
        Files.delete(copy);
        KerasModelTransformer back = KerasModelTransformer.load(saved);
        assertThat(back.uid()).isEqualTo(t.uid());
        assertThat(back.getOrDefault(back.batchSize())).isEqualTo(5);
        assertThat(back.getOrDefault(back.errorCol())).isEqualTo("why");
        assertThat(back.getOrDefault(back.onError())).isEqualTo("null");
        assertScores(back, fixture, "probs");
        assertThat(back.transformSchema(frame(fixture).schema()).fieldNames())
                .containsExactly("id", "input", "probs", "label", "why");
    }

    @Test
    void insideAPipelineModel(@TempDir Path dir) throws Exception {
        String fixture = "two_inputs_dense_seq";
        KerasModelTransformer t = KerasModelTransformerTest.transformer(fixture).setBatchSize(2);
        Dataset<Row> data = frame(fixture);
        PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {t}).fit(data);
        String saved = dir.resolve("pipeline").toString();
        pipeline.write().overwrite().save(saved);
        PipelineModel back = PipelineModel.load(saved);
        assertThat(back.stages()[0]).isInstanceOf(KerasModelTransformer.class);
        assertScores((KerasModelTransformer) back.stages()[0], fixture, "output");
    }

    @Test
    void aDamagedSaveIsRefused(@TempDir Path dir) throws Exception {
        String saved = dir.resolve("saved").toString();
        KerasModelTransformerTest.transformer("dense_activations").write().save(saved);
        Path bin = dir.resolve("saved/model/model.bin");
        byte[] bytes = Files.readAllBytes(bin);
        bytes[bytes.length / 2] ^= 1;
        Files.write(bin, bytes);
        // Hadoop's local file system keeps a CRC beside the file, which would catch this first
        Files.deleteIfExists(dir.resolve("saved/model/.model.bin.crc"));
        assertThatThrownBy(() -> KerasModelTransformer.load(saved))
                .hasMessageContaining("does not match the SHA-256 recorded in its metadata");
    }

    private Dataset<Row> frame(String fixture) {
        KerasModel model = KerasModel.load(SparkTestSession.fixture(fixture));
        List<float[][]> examples = examples(model, 12, 7, false);
        return new KerasModelTransformerTest().frame(examples,
                model.inputShapes().stream().map(s -> (org.apache.spark.sql.types.DataType) DataTypes.FloatType)
                        .toList(), 3);
    }

    private void assertScores(KerasModelTransformer t, String fixture, String outputCol) {
        KerasModel model = KerasModel.load(SparkTestSession.fixture(fixture));
        List<float[][]> examples = examples(model, 12, 7, false);
        List<Row> rows = t.transform(frame(fixture)).collectAsList();
        assertThat(rows).hasSize(12);
        for (Row row : rows) {
            assertSameBits(floats(row, outputCol), predictOne(model, examples.get(row.getInt(0))));
        }
    }
}
