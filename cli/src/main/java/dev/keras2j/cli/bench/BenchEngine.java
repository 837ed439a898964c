package dev.keras2j.cli.bench;

/** One way of running a Keras model that {@code keras2j bench} measures (keras2j itself or a peer). */
public interface BenchEngine {
    /** The engine's name in reports, e.g. {@code keras2j}. */
    String name();

    /**
     * Work done once before the loads are timed, such as converting the model to the engine's own format
     * (keras2j's DL4J or ONNX export); nothing by default.
     *
     * @throws RuntimeException when this engine cannot run the model (the reason goes into the report)
     */
    default void prepare(ModelFiles files) throws Exception {
    }

    /**
     * Loads the model files into a ready-to-run model.
     *
     * @throws RuntimeException when this engine cannot run the model (the reason goes into the report)
     */
    Loaded load(ModelFiles files) throws Exception;

    /** A model loaded by an engine. */
    interface Loaded {
        /** The shape of one input example, without the batch axis. */
        int[] inputShape();

        /**
         * Prepares an input batch in the engine's own representation, so that conversion is not timed.
         *
         * @param data  {@code batch * prod(inputShape)} floats, row-major
         */
        Object prepare(float[] data, int batch);

        /** Runs the model on a prepared batch and returns something derived from the output. */
        Object predict(Object prepared);

        /**
         * Whether the engine's own warm-up has ended, so that what is timed now is its steady state; an
         * engine without one is always settled.
         */
        default boolean settled() {
            return true;
        }

        /**
         * What the engine reports about the state it was timed in, added to each result row (keras2j: whether
         * its Vector API path was on); nothing by default.
         */
        default java.util.Map<String, Object> state() {
            return java.util.Map.of();
        }
    }
}
