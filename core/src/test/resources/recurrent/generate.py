"""Generates the Keras reference cases for the recurrent-family tests (RNNs, Bidirectional,
TimeDistributed, Embedding, Masking).

Run from the repository root with the project's venv (Keras 3.15.1, TensorFlow backend):

    .venv/bin/python core/src/test/resources/recurrent/generate.py

For every case it writes, next to this script:
  <case>.json  {"description", "keras_major", "input_dtype", "layers": [{"class_name", "config"}]}
               - each layer's Keras 3 get_config(), nested layers in Keras 3 serialized form
  <case>.npz   input, output, layer/<layer name> (every layer's output), and
               weights/<layer name>/<i> (layer.get_weights(), Keras's stored order)

Weights are drawn at random (seeded) instead of the initializers' values so that biases and the
LSTM forget-gate bias are not trivially zero or one. Every number in the npz comes from Keras's
predict(); nothing is computed here.

The cases tagged "keras2" run Keras 3's own recurrent layers with Keras 2's definition of
hard_sigmoid (clip(0.2x + 0.5, 0, 1)) passed as a Python function; the JSON then records the layer
as a Keras 2 file would ("hard_sigmoid", keras_major 2, GRU without reset_after so that Keras 2's
default reset_after=False applies).
"""

import json
import os
import zlib

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers as L  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = {}

assert keras.__version__ == "3.15.1", keras.__version__


def case(name, description, keras_major=3, edit=None):
    def register(fn):
        CASES[name] = (description, fn, keras_major, edit)
        return fn
    return register


def keras2_hard_sigmoid(x):
    return keras.ops.clip(0.2 * x + 0.5, 0.0, 1.0)


def normal(rng, *shape):
    return rng.normal(size=shape).astype("float32")


def masked_sequences(rng, batch=4, steps=6, feat=3):
    """Row 0: two trailing masked steps; row 1: leading and inner masked steps; row 2: last step
    and an inner one masked; row 3: every step masked."""
    x = normal(rng, batch, steps, feat)
    x[0, steps - 2:, :] = 0.0
    x[1, 0, :] = 0.0
    x[1, steps // 2, :] = 0.0
    x[2, steps - 1, :] = 0.0
    x[2, 1, :] = 0.0
    x[3, :, :] = 0.0
    # A step where only some features are zero must stay unmasked.
    x[2, 3, 0] = 0.0
    return x


def token_ids(rng, batch=4, steps=6, vocab=10):
    x = rng.randint(1, vocab, size=(batch, steps)).astype("int32")
    x[0, steps - 2:] = 0
    x[1, 0] = 0
    x[1, 3] = 0
    x[2, steps - 1] = 0
    return x


def seq(input_shape, *layers, dtype="float32"):
    inp = keras.Input(input_shape, dtype=dtype)
    m = keras.Sequential([inp, *layers])
    return m


# ----------------------------------------------------------------- plain RNNs
def rnn(name, desc, layer_fn, keras_major=3, edit=None, steps=6, feat=3):
    @case(name, desc, keras_major, edit)
    def _(rng):
        return seq((steps, feat), layer_fn()), normal(rng, 3, steps, feat)


rnn("simple_rnn", "SimpleRNN(4)", lambda: L.SimpleRNN(4))
rnn("simple_rnn_relu_nobias_seq", "SimpleRNN(4, relu, use_bias=False, return_sequences)",
    lambda: L.SimpleRNN(4, activation="relu", use_bias=False, return_sequences=True))
rnn("simple_rnn_backwards_seq", "SimpleRNN(4, go_backwards, return_sequences)",
    lambda: L.SimpleRNN(4, go_backwards=True, return_sequences=True))
rnn("lstm", "LSTM(4)", lambda: L.LSTM(4))
rnn("lstm_seq", "LSTM(4, return_sequences)", lambda: L.LSTM(4, return_sequences=True))
rnn("lstm_backwards", "LSTM(4, go_backwards)", lambda: L.LSTM(4, go_backwards=True))
rnn("lstm_backwards_seq", "LSTM(4, go_backwards, return_sequences)",
    lambda: L.LSTM(4, go_backwards=True, return_sequences=True))
rnn("lstm_nobias", "LSTM(4, use_bias=False)", lambda: L.LSTM(4, use_bias=False))
rnn("lstm_unroll_seq", "LSTM(4, unroll=True, return_sequences)",
    lambda: L.LSTM(4, unroll=True, return_sequences=True))
rnn("lstm_dropout", "LSTM(4, dropout=0.3, recurrent_dropout=0.2): identity at inference",
    lambda: L.LSTM(4, dropout=0.3, recurrent_dropout=0.2, return_sequences=True))
rnn("lstm_relu_hard_sigmoid_seq", "LSTM(4, relu, recurrent hard_sigmoid (Keras 3 definition))",
    lambda: L.LSTM(4, activation="relu", recurrent_activation="hard_sigmoid", return_sequences=True))


def as_keras2(cfg):
    cfg["recurrent_activation"] = "hard_sigmoid"
    cfg.pop("reset_after", None)
    return cfg


rnn("lstm_keras2_hard_sigmoid_seq", "LSTM(4) with Keras 2's hard_sigmoid, recorded as a Keras 2 file",
    lambda: L.LSTM(4, recurrent_activation=keras2_hard_sigmoid, return_sequences=True),
    keras_major=2, edit=as_keras2)
rnn("gru_keras2_hard_sigmoid", "GRU(4, reset_after=False) with Keras 2's hard_sigmoid, recorded as a "
    "Keras 2 file without reset_after (Keras 2 default False)",
    lambda: L.GRU(4, reset_after=False, recurrent_activation=keras2_hard_sigmoid, return_sequences=True),
    keras_major=2, edit=as_keras2)
rnn("gru", "GRU(4) (reset_after=True)", lambda: L.GRU(4))
rnn("gru_seq", "GRU(4, return_sequences)", lambda: L.GRU(4, return_sequences=True))
rnn("gru_reset_before_seq", "GRU(4, reset_after=False, return_sequences)",
    lambda: L.GRU(4, reset_after=False, return_sequences=True))
rnn("gru_backwards_seq", "GRU(4, go_backwards, return_sequences)",
    lambda: L.GRU(4, go_backwards=True, return_sequences=True))
rnn("gru_nobias", "GRU(4, use_bias=False)", lambda: L.GRU(4, use_bias=False))
rnn("gru_reset_before_nobias_relu", "GRU(4, reset_after=False, use_bias=False, relu, hard_sigmoid)",
    lambda: L.GRU(4, reset_after=False, use_bias=False, activation="relu",
                  recurrent_activation="hard_sigmoid"))
rnn("bidi_lstm_concat_seq", "Bidirectional(LSTM(3, return_sequences))",
    lambda: L.Bidirectional(L.LSTM(3, return_sequences=True)))
rnn("bidi_lstm_concat", "Bidirectional(LSTM(3))", lambda: L.Bidirectional(L.LSTM(3)))
rnn("bidi_gru_sum", "Bidirectional(GRU(3), sum)", lambda: L.Bidirectional(L.GRU(3), merge_mode="sum"))
rnn("bidi_simple_rnn_mul_seq", "Bidirectional(SimpleRNN(3, return_sequences), mul)",
    lambda: L.Bidirectional(L.SimpleRNN(3, return_sequences=True), merge_mode="mul"))
rnn("bidi_gru_reset_before_ave_seq", "Bidirectional(GRU(3, reset_after=False, return_sequences), ave)",
    lambda: L.Bidirectional(L.GRU(3, reset_after=False, return_sequences=True), merge_mode="ave"))
rnn("time_distributed_dense", "TimeDistributed(Dense(5, relu))",
    lambda: L.TimeDistributed(L.Dense(5, activation="relu")))


@case("time_distributed_lstm", "TimeDistributed(LSTM(3)) over (batch, 4, 5, 2)")
def _(rng):
    return seq((4, 5, 2), L.TimeDistributed(L.LSTM(3))), normal(rng, 2, 4, 5, 2)


# -------------------------------------------------------------------- masking
def masked(name, desc, *layer_fns):
    @case(name, desc)
    def _(rng):
        return seq((6, 3), L.Masking(0.0), *[f() for f in layer_fns]), masked_sequences(rng)


masked("masking_simple_rnn_seq", "Masking -> SimpleRNN(4, return_sequences)",
       lambda: L.SimpleRNN(4, return_sequences=True))
masked("masking_lstm", "Masking -> LSTM(4)", lambda: L.LSTM(4))
masked("masking_lstm_seq", "Masking -> LSTM(4, return_sequences)", lambda: L.LSTM(4, return_sequences=True))
masked("masking_lstm_backwards_seq", "Masking -> LSTM(4, go_backwards, return_sequences)",
       lambda: L.LSTM(4, go_backwards=True, return_sequences=True))
masked("masking_lstm_unroll_backwards", "Masking -> LSTM(4, unroll, go_backwards)",
       lambda: L.LSTM(4, unroll=True, go_backwards=True))
masked("masking_gru_seq", "Masking -> GRU(4, return_sequences)", lambda: L.GRU(4, return_sequences=True))
masked("masking_gru_reset_before", "Masking -> GRU(4, reset_after=False)", lambda: L.GRU(4, reset_after=False))
masked("masking_lstm_zero_output_seq", "Masking -> LSTM(4, return_sequences, zero_output_for_mask=True)",
       lambda: L.LSTM(4, return_sequences=True, zero_output_for_mask=True))
masked("masking_gru_zero_output_backwards",
       "Masking -> GRU(4, go_backwards, zero_output_for_mask=True) (last output)",
       lambda: L.GRU(4, go_backwards=True, zero_output_for_mask=True))
masked("masking_dense_simple_rnn", "Masking -> Dense(5) (passes the mask) -> SimpleRNN(3)",
       lambda: L.Dense(5), lambda: L.SimpleRNN(3))
masked("masking_lstm_td_dense_gru",
       "Masking -> LSTM(4, return_sequences) -> TimeDistributed(Dense(2)) -> GRU(3)",
       lambda: L.LSTM(4, return_sequences=True), lambda: L.TimeDistributed(L.Dense(2)), lambda: L.GRU(3))
masked("masking_bidi_lstm_concat_seq", "Masking -> Bidirectional(LSTM(3, return_sequences))",
       lambda: L.Bidirectional(L.LSTM(3, return_sequences=True)))
masked("masking_bidi_gru_ave", "Masking -> Bidirectional(GRU(3), ave)",
       lambda: L.Bidirectional(L.GRU(3), merge_mode="ave"))
masked("masking_bidi_simple_rnn_sum_seq_gru",
       "Masking -> Bidirectional(SimpleRNN(3, return_sequences), sum) -> GRU(2)",
       lambda: L.Bidirectional(L.SimpleRNN(3, return_sequences=True), merge_mode="sum"),
       lambda: L.GRU(2))
masked("masking_bidi_gru_mul_seq", "Masking -> Bidirectional(GRU(3, return_sequences), mul)",
       lambda: L.Bidirectional(L.GRU(3, return_sequences=True), merge_mode="mul"))


@case("masking_value", "Masking(mask_value=0.5) -> LSTM(3, return_sequences)")
def _(rng):
    x = normal(rng, 2, 5, 3)
    x[0, 1, :] = 0.5
    x[1, 4, :] = 0.5
    x[1, 2, 1] = 0.5
    return seq((5, 3), L.Masking(0.5), L.LSTM(3, return_sequences=True)), x


# ------------------------------------------------------------------ embedding
def embedded(name, desc, *layer_fns):
    @case(name, desc)
    def _(rng):
        return seq((6,), *[f() for f in layer_fns], dtype="int32"), token_ids(rng)


embedded("embedding", "Embedding(10, 4)", lambda: L.Embedding(10, 4))
embedded("embedding_nomask_lstm", "Embedding(10, 4) -> LSTM(3): id 0 is an ordinary token",
         lambda: L.Embedding(10, 4), lambda: L.LSTM(3))
embedded("embedding_mask_lstm", "Embedding(10, 4, mask_zero) -> LSTM(3)",
         lambda: L.Embedding(10, 4, mask_zero=True), lambda: L.LSTM(3))
embedded("embedding_mask_gru_seq_dense", "Embedding(10, 4, mask_zero) -> GRU(3, return_sequences) -> Dense(2)",
         lambda: L.Embedding(10, 4, mask_zero=True), lambda: L.GRU(3, return_sequences=True),
         lambda: L.Dense(2))
embedded("embedding_mask_simple_rnn_seq", "Embedding(10, 4, mask_zero) -> SimpleRNN(3, return_sequences)",
         lambda: L.Embedding(10, 4, mask_zero=True), lambda: L.SimpleRNN(3, return_sequences=True))
embedded("embedding_mask_bidi_lstm_concat", "Embedding(10, 4, mask_zero) -> Bidirectional(LSTM(3))",
         lambda: L.Embedding(10, 4, mask_zero=True), lambda: L.Bidirectional(L.LSTM(3)))


# ---------------------------------------------------------------------- driver
def randomize(model, rng):
    for layer in model.layers:
        ws = layer.get_weights()
        if ws:
            layer.set_weights([(rng.normal(size=w.shape) * 0.6).astype(w.dtype) for w in ws])


def serialize(layer, edit):
    cfg = layer.get_config()
    for key in ("layer", "backward_layer"):
        if isinstance(cfg.get(key), dict):
            inner = cfg[key]
            if edit is not None:
                inner["config"] = edit(inner["config"])
            cfg[key] = {"class_name": inner["class_name"], "config": inner["config"]}
    if edit is not None and "layer" not in cfg and layer.get_weights():
        cfg = edit(cfg)
    return {"class_name": layer.__class__.__name__, "config": cfg}


def main():
    for name, (desc, fn, keras_major, edit) in CASES.items():
        rng = np.random.RandomState(zlib.crc32(name.encode()) & 0x7FFFFFFF)
        keras.utils.set_random_seed(zlib.crc32(name.encode()) & 0x7FFFFFFF)
        model, x = fn(rng)
        randomize(model, rng)
        probe = keras.Model(model.inputs, [layer.output for layer in model.layers])
        outs = probe.predict(x, verbose=0)
        if not isinstance(outs, list):
            outs = [outs]
        arrays = {"input": x, "output": outs[-1]}
        for layer, out in zip(model.layers, outs):
            arrays["layer/" + layer.name] = np.asarray(out, dtype="float32")
            for i, w in enumerate(layer.get_weights()):
                arrays["weights/%s/%d" % (layer.name, i)] = w.astype("float32")
        np.testing.assert_array_equal(model.predict(x, verbose=0), outs[-1])
        np.savez(os.path.join(HERE, name + ".npz"), **arrays)
        meta = {
            "description": desc,
            "keras_major": keras_major,
            "input_dtype": str(x.dtype),
            "layers": [serialize(layer, edit) for layer in model.layers],
        }
        with open(os.path.join(HERE, name + ".json"), "w") as f:
            json.dump(meta, f, indent=1, sort_keys=True)
        print(name, x.shape, "->", outs[-1].shape)


if __name__ == "__main__":
    main()
