package dev.keras2j.keras;

import dev.keras2j.model.LayerConfig;
import dev.keras2j.model.ModelFormatException;
import dev.keras2j.model.NdArray;
import dev.keras2j.model.UnsupportedModelException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Brings the weights of a Keras 1 or 2 file into Keras 3's layout, as Keras 2's own loader
 * ({@code preprocess_weights_for_loading} in {@code engine/saving.py}) does: Keras 1 kernel transposes and
 * recurrent gate concatenation, and the spatial flip of Theano-trained convolution kernels.
 */
final class LegacyWeightConverter {
    /** The layers whose kernels Keras 2 flips when the file was written by the Theano backend. */
    private static final Set<String> THEANO_FLIPPED = Set.of("Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose", "ConvLSTM2D");
    /** Convolutions Keras's loader does not convert, so a Theano file's kernels cannot be trusted for them. */
    private static final Set<String> THEANO_UNKNOWN = Set.of("SeparableConv1D", "SeparableConv2D", "DepthwiseConv2D",
            "DepthwiseConv1D", "Conv1DTranspose", "Conv3DTranspose", "LocallyConnected1D", "LocallyConnected2D");

    private final String source;
    private final int major;
    private final boolean theano;

    LegacyWeightConverter(String source, int major, boolean theano) {
        this.source = source;
        this.major = major;
        this.theano = theano;
    }

    /** The layer's weights in Keras 3's layout. */
    List<NdArray> convert(LayerConfig layer, List<NdArray> stored) {
        try {
            return convertChecked(layer, new ArrayList<>(stored));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new ModelFormatException(source + ": " + layer.describe() + ": weights " + shapes(stored)
                    + " do not have the layout Keras " + major + " writes for this layer: " + e.getMessage(), e);
        }
    }

    private List<NdArray> convertChecked(LayerConfig layer, List<NdArray> w) {
        String cls = layer.className();
        if (cls.equals("Bidirectional")) {
            if (w.size() % 2 != 0) {
                throw new ModelFormatException(source + ": " + layer.describe() + ": an odd number of weights "
                        + shapes(w) + " cannot be split between the forward and backward layers");
            }
            int half = w.size() / 2;
            LayerConfig forward = layer.nested("layer");
            LayerConfig backward = layer.has("backward_layer") ? layer.nested("backward_layer") : forward;
            List<NdArray> out = new ArrayList<>(convertChecked(forward, new ArrayList<>(w.subList(0, half))));
            out.addAll(convertChecked(backward, new ArrayList<>(w.subList(half, w.size()))));
            return out;
        }
        if (cls.equals("TimeDistributed")) {
            return convertChecked(layer.nested("layer"), w);
        }
        if (w.isEmpty()) {
            return w;
        }
        if (major == 1) {
            w = keras1(layer, cls, w);
        }
        if (theano && THEANO_UNKNOWN.contains(cls)) {
            throw new UnsupportedModelException(source + ": " + layer.describe()
                    + ": a Theano-backend " + cls + " kernel is refused: Keras's own loader does not define its conversion");
        }
        if (theano && THEANO_FLIPPED.contains(cls)) {
            w.set(0, WeightArrays.flipSpatial(w.get(0)));
            if (cls.equals("ConvLSTM2D")) {
                w.set(1, WeightArrays.flipSpatial(w.get(1)));
            }
        }
        return w;
    }

    private List<NdArray> keras1(LayerConfig layer, String cls, List<NdArray> w) {
        boolean channelsFirst = "channels_first".equals(layer.string("data_format", "channels_last"));
        switch (cls) {
            case "Conv1D" -> {
                NdArray k = w.get(0);
                int kernel = layer.ints("kernel_size", 1, null)[0];
                int filters = layer.requiredInt("filters");
                if (k.rank() != 4) {
                    throw new IllegalArgumentException("a Keras 1 Conv1D kernel has 4 axes");
                }
                // Keras 1.1 stored (filters, input_dim, filter_length, 1) instead of (filter_length, 1, input_dim, filters).
                if (k.dim(0) != kernel || k.dim(1) != 1 || k.dim(3) != filters) {
                    k = WeightArrays.transpose(k, 2, 3, 1, 0);
                }
                w.set(0, WeightArrays.dropAxis1(k));
            }
            case "Conv2D", "SeparableConv2D" -> {
                if (channelsFirst && cls.equals("Conv2D")) {
                    w.set(0, WeightArrays.transpose(w.get(0), 2, 3, 1, 0));
                }
                if (channelsFirst && cls.equals("SeparableConv2D")) {
                    throw new UnsupportedModelException(source + ": " + layer.describe()
                            + ": a Keras 1 channels_first SeparableConvolution2D kernel layout is not defined by Keras's loader");
                }
            }
            case "Conv2DTranspose" -> w.set(0, channelsFirst ? WeightArrays.transpose(w.get(0), 2, 3, 0, 1)
                    : WeightArrays.transpose(w.get(0), 0, 1, 3, 2));
            case "Conv3D" -> {
                if (channelsFirst) {
                    w.set(0, WeightArrays.transpose(w.get(0), 2, 3, 4, 1, 0));
                }
            }
            case "GRU" -> {
                if (w.size() == 9) {
                    w = List.of(concat(w, 0, 3, 6), concat(w, 1, 4, 7), concat(w, 2, 5, 8));
                }
            }
            case "LSTM" -> {
                if (w.size() == 12) {
                    // Keras 1 stores the gates as i, c, f, o; Keras 2 and 3 as i, f, c, o.
                    w = List.of(concat(w, 0, 6, 3, 9), concat(w, 1, 7, 4, 10), concat(w, 2, 8, 5, 11));
                }
            }
            case "ConvLSTM2D" -> {
                if (w.size() == 12) {
                    NdArray kernel = concat(w, 0, 6, 3, 9);
                    NdArray recurrent = concat(w, 1, 7, 4, 10);
                    if (channelsFirst) {
                        kernel = WeightArrays.transpose(kernel, 2, 3, 1, 0);
                        recurrent = WeightArrays.transpose(recurrent, 2, 3, 1, 0);
                    }
                    w = List.of(kernel, recurrent, concat(w, 2, 8, 5, 11));
                }
            }
            default -> {
            }
        }
        return new ArrayList<>(w);
    }

    private static NdArray concat(List<NdArray> w, int... indices) {
        List<NdArray> parts = new ArrayList<>();
        for (int i : indices) {
            parts.add(w.get(i));
        }
        return WeightArrays.concatLast(parts);
    }

    private static String shapes(List<NdArray> w) {
        return w.stream().map(NdArray::shapeString).toList().toString();
    }
}
