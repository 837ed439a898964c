package dev.keras2j.spark;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

import java.util.List;
import java.util.Map;

/**
 * Saving and loading a {@link KerasModelTransformer}. The layout is Spark ML's own: {@code metadata/} is a
 * one-line JSON text file as {@code DefaultParamsWriter} writes it (class, uid, Spark version, the set and
 * default parameters), so a saved {@code PipelineModel} finds the class and calls its {@code read()}; the
 * model's file is {@code model/model.bin}, with its SHA-256 in the metadata, checked on load.
 */
final class KerasModelTransformerIO {
    private KerasModelTransformerIO() {
    }

    static final class Writer extends MLWriter {
        private final KerasModelTransformer instance;

        Writer(KerasModelTransformer instance) {
            this.instance = instance;
        }

        @Override
        public void saveImpl(String path) {
            SparkSession spark = sparkSession();
            byte[] bytes = instance.modelBytes();
            JsonObject meta = new JsonObject();
            meta.addProperty("class", KerasModelTransformer.class.getName());
            meta.addProperty("timestamp", System.currentTimeMillis());
            meta.addProperty("sparkVersion", spark.version());
            meta.addProperty("uid", instance.uid());
            meta.add("paramMap", params(instance, false));
            meta.add("defaultParamMap", params(instance, true));
            meta.addProperty("modelSha256", ModelCache.sha256(bytes));
            spark.createDataset(List.of(meta.toString()), Encoders.STRING()).coalesce(1).write()
                    .text(path + "/metadata");
            HadoopFiles.write(path + "/model/model.bin", bytes, spark.sparkContext().hadoopConfiguration());
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static JsonObject params(KerasModelTransformer t, boolean defaults) {
            JsonObject json = new JsonObject();
            for (Param p : t.params()) {
                boolean present = defaults ? t.hasDefault(p) : t.isSet(p);
                if (present) {
                    Object value = defaults ? t.getDefault(p).get() : t.get(p).get();
                    json.add(p.name(), JsonParser.parseString(p.jsonEncode(value)));
                }
            }
            return json;
        }
    }

    static final class Reader extends MLReader<KerasModelTransformer> {
        @Override
        public KerasModelTransformer load(String path) {
            SparkSession spark = sparkSession();
            String line = spark.read().text(path + "/metadata").first().getString(0);
            JsonObject meta = JsonParser.parseString(line).getAsJsonObject();
            String cls = meta.get("class").getAsString();
            if (!cls.equals(KerasModelTransformer.class.getName())) {
                throw new IllegalArgumentException(path + " holds a " + cls + ", not a KerasModelTransformer");
            }
            KerasModelTransformer t = new KerasModelTransformer(meta.get("uid").getAsString());
            restore(t, meta.getAsJsonObject("paramMap"));
            byte[] bytes = HadoopFiles.read(path + "/model/model.bin", spark.sparkContext().hadoopConfiguration());
            String expected = meta.get("modelSha256").getAsString();
            if (!ModelCache.sha256(bytes).equals(expected)) {
                throw new IllegalArgumentException(path + "/model/model.bin does not match the SHA-256 "
                        + "recorded in its metadata: the saved transformer is damaged");
            }
            t.restoreModelBytes(bytes);
            return t;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static void restore(KerasModelTransformer t, JsonObject params) {
            for (Map.Entry<String, com.google.gson.JsonElement> e : params.entrySet()) {
                Param p = t.getParam(e.getKey());
                t.set(new ParamPair(p, p.jsonDecode(e.getValue().toString())));
            }
        }
    }
}
