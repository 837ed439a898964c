"""Writes the small Keras files the reader tests use. Run with Keras 3: python make_reader_fixtures.py
(the files beside this script are its output; rerun only to change them)."""
import json
import os

os.environ.setdefault("KERAS_BACKEND", "jax")
import h5py
import keras
import numpy as np
from keras import layers

here = os.path.dirname(os.path.abspath(__file__))
out = lambda name: os.path.join(here, name)
keras.utils.set_random_seed(7)

# Sequential Dense model in every Keras 3 serialization.
seq = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation="relu", name="hidden"), layers.Dense(2, name="out")])
seq.save(out("seq_dense.h5"))
seq.save(out("seq_dense.keras"))
seq.save_weights(out("seq_dense.weights.h5"))
with open(out("seq_dense.json"), "w") as f:
    f.write(seq.to_json())

# Functional model with two outputs (Dense only).
x = keras.Input((5,), name="features")
a = layers.Dense(4, name="a")(x)
b = layers.Dense(3, name="b")(a)
c = layers.Dense(2, name="c", use_bias=False)(x)
func = keras.Model(x, [b, c])
func.save(out("func_dense.keras"))
func.save(out("func_dense.h5"))

# Wrapped and recurrent layers: nested weight paths in the Keras 3 weights tree.
x = keras.Input((3, 2), name="seq")
h = layers.Bidirectional(layers.LSTM(2, return_sequences=True), name="bi")(x)
h = layers.TimeDistributed(layers.Dense(2), name="td")(h)
h = layers.GRU(2, name="gru")(h)
wrap = keras.Model(x, h)
wrap.save_weights(out("wrappers.weights.h5"))
wrap.save(out("wrappers.h5"))

# Refusals.
lam = keras.Sequential([keras.Input((3,)), layers.Lambda(lambda t: t * 2, name="double")])
lam.save(out("lambda.keras"))
mixed = keras.Sequential([keras.Input((3,)), layers.Dense(2, name="half", dtype="mixed_float16")])
mixed.save(out("mixed_precision.keras"))
x = keras.Input((3,), name="x")
shared = layers.Dense(3, name="shared")
keras.Model(x, shared(shared(x))).save(out("shared_layer.keras"))

# The legacy save_weights layout as Keras 1 wrote it (weights named dense_1_W, dense_1_b), with
# layer_names split into layer_names0/layer_names1 as Keras does for long lists, beside a Keras 1
# architecture JSON of the same structure as Keras 1.2 to_json() output.
k1_config = {"class_name": "Sequential", "keras_version": "1.2.2", "config": [
    {"class_name": "Dense", "config": {"name": "dense_1", "output_dim": 3, "input_dim": 4, "activation": "relu",
                                        "batch_input_shape": [None, 4], "input_dtype": "float32", "init": "glorot_uniform",
                                        "bias": True, "W_regularizer": None, "trainable": True}},
    {"class_name": "Dense", "config": {"name": "dense_2", "output_dim": 2, "activation": "linear", "bias": True,
                                        "init": "glorot_uniform", "trainable": True}}]}
with open(out("keras1_mlp_config.json"), "w") as f:
    json.dump(k1_config, f)
rng = np.random.default_rng(3)
with h5py.File(out("keras1_mlp_weights.h5"), "w") as f:
    f.attrs["layer_names0"] = np.array([b"dense_1"])
    f.attrs["layer_names1"] = np.array([b"dense_2"])
    for name, shape in [("dense_1", (4, 3)), ("dense_2", (3, 2))]:
        g = f.create_group(name)
        g.attrs["weight_names"] = np.array([(name + "_W").encode(), (name + "_b").encode()])
        g.create_dataset(name + "_W", data=rng.standard_normal(shape).astype("float32"))
        g.create_dataset(name + "_b", data=rng.standard_normal(shape[1]).astype("float32"))

# A model with a user-defined layer class, which keras2j must refuse as unknown.
@keras.saving.register_keras_serializable(package="demo")
class Scale(layers.Layer):
    def call(self, t):
        return t * 2.0


custom = keras.Sequential([keras.Input((3,)), Scale(name="scale")])
custom.save(out("custom_layer.keras"))
custom.save(out("custom_layer.h5"))  # the legacy format drops the module: only the class name is left
