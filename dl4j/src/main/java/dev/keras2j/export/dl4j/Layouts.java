package dev.keras2j.export.dl4j;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;

/**
 * Changes a sequence's layout ({@code [b, t, c]} NWC and {@code [b, c, t]} NCW) with DL4J's own
 * preprocessors only: a helper layer takes the sequence apart into rows {@code [b * t, c]} out of one
 * format ({@link #rows}), and the consuming layer puts them together in the other ({@link #sequence}).
 * Each step declares its output type correctly, which DL4J needs: it sets every layer's input size from
 * the declared types. Layers that DL4J computes on channels-first sequences only (1D pooling, padding,
 * cropping, upsampling; time reversal) run between two such changes on Keras's channels-last sequences.
 */
final class Layouts {
    private Layouts() {
    }

    /**
     * Adds a helper layer {@code <layer>_<suffix>} turning the sequence held by {@code from} (in format
     * {@code heldAs}) into rows, and returns its name.
     */
    static String rows(LayerStep s, String suffix, String from, RNNFormat heldAs) {
        return s.helper(suffix, from, CoreTranslations.identity(), new RnnToFeedForwardPreProcessor(heldAs));
    }

    /** The preprocessor that puts rows back together into a sequence in {@code format}. */
    static InputPreProcessor sequence(RNNFormat format) {
        return new FeedForwardToRnnPreProcessor(format);
    }
}
