package dev.keras2j.spark;

import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;

/** The embedded Spark the tests share: local[2], no UI, few shuffle partitions; one per test JVM. */
final class SparkTestSession {
    private static SparkSession spark;

    private SparkTestSession() {
    }

    static synchronized SparkSession get() {
        if (spark == null) {
            spark = SparkSession.builder().master("local[2]").appName("keras2j-spark tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.driver.host", "127.0.0.1")
                    .getOrCreate();
        }
        return spark;
    }

    /** A committed Keras-made fixture: {@code fixtures/models/<name>/<name>.h5}. */
    static Path fixture(String name) {
        return Path.of(System.getProperty("keras2j.root", "..")).resolve("fixtures/models")
                .resolve(name).resolve(name + ".h5");
    }
}
