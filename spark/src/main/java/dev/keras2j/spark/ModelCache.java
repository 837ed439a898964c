package dev.keras2j.spark;

import dev.keras2j.KerasModel;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The models loaded in this JVM, keyed by the SHA-256 of their file's bytes: a Spark executor loads a model
 * once, however many partitions, tasks or transformers use it. {@link KerasModel} is immutable and
 * thread-safe, so concurrent tasks share one instance.
 */
public final class ModelCache {
    private static final Map<String, KerasModel> MODELS = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ModelCache() {
    }

    /** The model whose file has this hash, loaded from {@code bytes} (asked for only on a miss). */
    public static KerasModel get(String sha256, Supplier<byte[]> bytes) {
        return MODELS.computeIfAbsent(sha256, h -> {
            LOADS.incrementAndGet();
            return KerasModel.load(new ByteArrayInputStream(bytes.get()));
        });
    }

    /** How many times this JVM has loaded a model file (for tests: once per distinct model). */
    static int loads() {
        return LOADS.get();
    }

    /** The lower-case hex SHA-256 of a model file's bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
