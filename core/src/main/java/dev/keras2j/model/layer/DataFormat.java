package dev.keras2j.model.layer;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.Shape;
import dev.keras2j.model.UnsupportedModelException;

import java.util.Locale;

/**
 * Where the channel axis of an image or sequence sits: last ({@code (steps, channels)},
 * {@code (rows, cols, channels)}) or first ({@code (channels, steps)}, {@code (channels, rows, cols)}).
 */
public enum DataFormat {
    CHANNELS_LAST, CHANNELS_FIRST;

    /**
     * Reads {@code data_format}; when absent Keras 3 takes {@code image_data_format()}, which is
     * {@code channels_last} unless the user reconfigured Keras (a setting the file does not record).
     */
    static DataFormat parse(LayerConfig config) {
        String v = config.string("data_format", "channels_last").toLowerCase(Locale.ROOT);
        return switch (v) {
            case "channels_last" -> CHANNELS_LAST;
            case "channels_first" -> CHANNELS_FIRST;
            default -> throw new UnsupportedModelException(config.describe() + ": option 'data_format' is '" + v
                    + "', expected channels_last or channels_first");
        };
    }

    /** The axis of one example's shape (no batch axis) that holds the channels. */
    public int channelAxis(int exampleRank) {
        return this == CHANNELS_LAST ? exampleRank - 1 : 0;
    }

    /** The axis of one example's shape (no batch axis) holding spatial dimension {@code i}. */
    public int spatialAxis(int i) {
        return this == CHANNELS_LAST ? i : i + 1;
    }

    /** The spatial dimensions of one example of the given spatial rank. */
    int[] spatial(Shape example, int rank) {
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = example.dim(spatialAxis(i));
        }
        return out;
    }

    /** One example's shape from its spatial dimensions and channel count. */
    Shape shape(int[] spatial, int channels) {
        int[] dims = new int[spatial.length + 1];
        for (int i = 0; i < spatial.length; i++) {
            dims[spatialAxis(i)] = spatial[i];
        }
        dims[channelAxis(dims.length)] = channels;
        return Shape.of(dims);
    }

    /** Keras's name. */
    public String kerasName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
