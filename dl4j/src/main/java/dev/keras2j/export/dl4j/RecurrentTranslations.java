package dev.keras2j.export.dl4j;

import dev.keras2j.model.LayerSpec;
import dev.keras2j.model.Shape;
import dev.keras2j.model.layer.BidirectionalSpec;
import dev.keras2j.model.layer.DenseSpec;
import dev.keras2j.model.layer.LstmSpec;
import dev.keras2j.model.layer.RecurrentSpec;
import dev.keras2j.model.layer.SimpleRnnSpec;
import dev.keras2j.model.layer.TimeDistributedSpec;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.rnn.ReverseTimeSeriesVertex;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** DL4J translations of the recurrent layers: SimpleRNN, LSTM, Bidirectional, TimeDistributed. */
final class RecurrentTranslations {
    /** DL4J's LSTM lays its gate blocks out as [block input, forget, output, input]. */
    private static final List<String> DL4J_LSTM_GATES = List.of("c", "f", "o", "i");

    private RecurrentTranslations() {
    }

    static void register(Map<Class<? extends LayerSpec>, Translation> t) {
        t.put(LstmSpec.class, RecurrentTranslations::recurrent);
        t.put(SimpleRnnSpec.class, RecurrentTranslations::recurrent);
        t.put(BidirectionalSpec.class, RecurrentTranslations::bidirectional);
        t.put(TimeDistributedSpec.class, RecurrentTranslations::timeDistributed);
    }

    private static void recurrent(LayerStep s) {
        s.requireFeaturesLast();
        RecurrentSpec r = (RecurrentSpec) s.spec();
        Map<String, INDArray> params = new LinkedHashMap<>();
        Layer rnn = layer(r, s.in());
        weights(r, s, "", "", params);
        Layer dl4j = r.returnSequences() ? rnn : new LastTimeStep(rnn);
        if (!r.goBackwards()) {
            s.add(dl4j, params);
            return;
        }
        // Keras runs the reversed sequence and returns its outputs in that (reversed) order. DL4J's
        // ReverseTimeSeriesVertex reverses NCW sequences, so the NWC input changes layout around it.
        String rows = Layouts.rows(s, "rows", s.input(), RNNFormat.NWC);
        String ncw = s.helper("ncw", rows, CoreTranslations.identity(), Layouts.sequence(RNNFormat.NCW));
        String reversed = s.helperVertex("reversed", ncw, new ReverseTimeSeriesVertex());
        String reversedRows = Layouts.rows(s, "reversed_rows", reversed, RNNFormat.NCW);
        s.add(reversedRows, dl4j, Layouts.sequence(RNNFormat.NWC), params);
    }

    /** A DL4J recurrent layer for a Keras SimpleRNN or LSTM, reading NWC sequences. */
    private static Layer layer(RecurrentSpec r, Shape in) {
        int nIn = r.inputFeatures(in);
        IActivation act = Dl4jActivations.map(r.activation(), r.describe());
        // Weights are initialized explicitly: wrappers (Bidirectional of LastTimeStep) do not pass the
        // network's default initializer down; the file's weights replace them anyway.
        if (r instanceof LstmSpec lstm) {
            return new LSTM.Builder().nIn(nIn).nOut(r.units()).activation(act).weightInit(WeightInit.ZERO)
                    .weightInitRecurrent(WeightInit.ZERO)
                    .gateActivationFunction(Dl4jActivations.map(lstm.recurrentActivation(), r.describe()))
                    .dataFormat(RNNFormat.NWC).build();
        }
        return new SimpleRnn.Builder().nIn(nIn).nOut(r.units()).activation(act).weightInit(WeightInit.ZERO)
                .weightInitRecurrent(WeightInit.ZERO).dataFormat(RNNFormat.NWC).build();
    }

    /**
     * Adds the DL4J parameters of a SimpleRNN or LSTM to {@code params}.
     *
     * @param weightPrefix prefix of the Keras weight names ({@code forward_} inside Bidirectional)
     * @param paramPrefix  prefix of the DL4J parameter keys ({@code f} / {@code b} inside Bidirectional)
     */
    private static void weights(RecurrentSpec r, LayerStep s, String weightPrefix, String paramPrefix,
                                Map<String, INDArray> params) {
        int u = r.units();
        INDArray kernel = s.weight(weightPrefix + "kernel");
        INDArray recurrent = s.weight(weightPrefix + "recurrent_kernel");
        INDArray bias = r.useBias() ? s.weight(weightPrefix + "bias") : Nd4j.zeros(DataType.FLOAT, (long) r.gates() * u);
        if (r instanceof LstmSpec) {
            params.put(paramPrefix + "W", gates(kernel, r, u));
            params.put(paramPrefix + "RW", gates(recurrent, r, u));
            params.put(paramPrefix + "b", gates(bias.reshape(1, bias.length()), r, u));
        } else {
            params.put(paramPrefix + "W", kernel);
            params.put(paramPrefix + "RW", recurrent);
            params.put(paramPrefix + "b", bias);
        }
    }

    /** The columns of {@code m} (gate blocks of width {@code u} in Keras's order) in DL4J's LSTM order. */
    private static INDArray gates(INDArray m, RecurrentSpec r, int u) {
        List<String> keras = r.gateOrder();
        INDArray[] blocks = new INDArray[DL4J_LSTM_GATES.size()];
        for (int i = 0; i < blocks.length; i++) {
            int k = keras.indexOf(DL4J_LSTM_GATES.get(i));
            if (k < 0) {
                throw new IllegalStateException(r.describe() + ": no gate " + DL4J_LSTM_GATES.get(i) + " in " + keras);
            }
            blocks[i] = m.get(NDArrayIndex.all(), NDArrayIndex.interval((long) k * u, (long) (k + 1) * u));
        }
        return Nd4j.hstack(blocks).dup('c');
    }

    private static void bidirectional(LayerStep s) {
        s.requireFeaturesLast();
        BidirectionalSpec b = (BidirectionalSpec) s.spec();
        RecurrentSpec f = b.forward();
        RecurrentSpec bw = b.backward();
        if (!(f instanceof LstmSpec || f instanceof SimpleRnnSpec) || f.getClass() != bw.getClass()) {
            throw s.refuse("DL4J's Bidirectional wraps one LSTM or SimpleRNN configuration for both directions");
        }
        if (f.units() != bw.units() || !f.activation().equals(bw.activation()) || f.useBias() != bw.useBias()
                || (f instanceof LstmSpec lf && !lf.recurrentActivation().equals(((LstmSpec) bw).recurrentActivation()))) {
            throw s.refuse("the forward and backward layers differ; DL4J's Bidirectional uses one configuration");
        }
        if (f.goBackwards()) {
            throw s.refuse("the forward layer runs backwards (go_backwards=True)");
        }
        if (!bw.goBackwards()) {
            throw s.refuse("the backward layer does not run backwards (go_backwards=False)");
        }
        Bidirectional.Mode mode = switch (b.mergeMode()) {
            case CONCAT -> Bidirectional.Mode.CONCAT;
            case SUM -> Bidirectional.Mode.ADD;
            case MUL -> Bidirectional.Mode.MUL;
            case AVE -> Bidirectional.Mode.AVERAGE;
            default -> throw s.refuse("merge_mode " + b.mergeMode() + " has no DL4J equivalent");
        };
        Map<String, INDArray> params = new LinkedHashMap<>();
        Layer rnn = layer(f, s.in());
        weights(f, s, "forward_", "f", params);
        weights(bw, s, "backward_", "b", params);
        s.add(new Bidirectional(mode, b.returnSequences() ? rnn : new LastTimeStep(rnn)), params);
    }

    private static void timeDistributed(LayerStep s) {
        s.requireFeaturesLast();
        TimeDistributedSpec t = (TimeDistributedSpec) s.spec();
        if (!(t.layer() instanceof DenseSpec d) || s.in().rank() != 2) {
            throw s.refuse("TimeDistributed(" + t.layer().className() + ") over " + s.in().toKerasString()
                    + ": the DL4J export supports TimeDistributed(Dense) over sequences only");
        }
        // TimeDistributed(Dense) over (time, features) is Dense over the last axis.
        CoreTranslations.dense(d, s);
    }
}
