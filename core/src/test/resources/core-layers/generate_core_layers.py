"""Reference data for keras2j's core-layer tests, made with real Keras 3.

Run from the repository root with the project's venv:

    KERAS_BACKEND=tensorflow .venv/bin/python core/src/test/resources/core-layers/generate_core_layers.py

For each single-layer case it builds the layer on a batch input, gives every weight seeded random values,
runs it at inference (training=False) and writes:
  core-layers/<case>.npz   input, output, optional mask, weight_<i> (in layer.get_weights() order)
  core-layers/cases.json   per case: class_name, config (layer.get_config()), input and output shapes
It also writes core-layers/activations.npz: for every built-in activation name, keras.activations.get(name)
evaluated on one float32 grid (key `x`, then one key per name).
"""
import json
import os
import zlib

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers as L  # noqa: E402

assert keras.__version__ == "3.15.1", keras.__version__
HERE = os.path.dirname(os.path.abspath(__file__))


def rng_for(name):
    return np.random.RandomState(zlib.crc32(name.encode()))


CASES = []


def case(name, layer, input_shape, scale=2.0, offset=0.0, mask=None, positive=()):
    """positive: indices of weights that must be > 0 (moving variances)."""
    CASES.append((name, layer, input_shape, scale, offset, mask, positive))


# Dense on higher ranks
case("dense_3d_tanh", L.Dense(3, activation="tanh"), (2, 4, 5))
case("dense_4d_no_bias", L.Dense(3, use_bias=False), (2, 3, 4, 5))

ACTIVATIONS = ["relu", "relu6", "leaky_relu", "elu", "selu", "gelu", "sigmoid", "hard_sigmoid", "hard_silu",
               "hard_swish", "tanh", "softmax", "softplus", "softsign", "swish", "silu", "exponential",
               "linear", "mish", "log_softmax", "celu", "hard_tanh", "log_sigmoid", "tanh_shrink",
               "soft_shrink", "hard_shrink", "squareplus", "sparse_plus", "sparse_sigmoid"]
for act in ACTIVATIONS:
    case(f"activation_{act}", L.Activation(act), (3, 8), scale=3.0)
case("activation_softmax_3d", L.Activation("softmax"), (2, 3, 4))

case("leaky_relu_default", L.LeakyReLU(), (3, 6))
case("leaky_relu_0_1", L.LeakyReLU(negative_slope=0.1), (2, 3, 4))
case("prelu", L.PReLU(), (2, 4, 6))
case("prelu_shared_axes", L.PReLU(shared_axes=[1, 2]), (2, 5, 5, 3))
case("elu_0_7", L.ELU(alpha=0.7), (3, 8))
case("relu_default", L.ReLU(), (3, 8))
case("relu_max_1_5", L.ReLU(max_value=1.5), (3, 8))
case("relu_max_6", L.ReLU(max_value=6.0), (3, 8), scale=5.0)
case("relu_slope", L.ReLU(negative_slope=0.2), (3, 8))
case("relu_threshold", L.ReLU(threshold=0.5), (3, 8))
case("relu_slope_threshold", L.ReLU(negative_slope=0.1, threshold=0.5), (3, 8))
case("relu_all", L.ReLU(max_value=1.5, negative_slope=0.2, threshold=0.3), (3, 8))
case("softmax_last", L.Softmax(), (2, 3, 4))
case("softmax_axis1", L.Softmax(axis=1), (2, 3, 4))
case("softmax_axes_1_2", L.Softmax(axis=[1, 2]), (2, 3, 4))
case("softmax_masked", L.Softmax(), (3, 5),
     mask=np.array([[1, 1, 1, 0, 0], [1, 0, 1, 1, 1], [0, 0, 0, 0, 0]], dtype=bool))

case("dropout", L.Dropout(0.3), (2, 4, 6))
case("spatial_dropout_1d", L.SpatialDropout1D(0.3), (2, 4, 6))
case("spatial_dropout_2d", L.SpatialDropout2D(0.3), (2, 3, 4, 2))
case("spatial_dropout_3d", L.SpatialDropout3D(0.3), (2, 2, 3, 2, 2))
case("gaussian_noise", L.GaussianNoise(0.5), (2, 6))
case("gaussian_dropout", L.GaussianDropout(0.3), (2, 6))
case("alpha_dropout", L.AlphaDropout(0.3), (2, 6))
case("activity_regularization", L.ActivityRegularization(l1=0.01, l2=0.02), (2, 6))

case("flatten", L.Flatten(), (2, 3, 4, 2))
case("flatten_channels_first_4d", L.Flatten(data_format="channels_first"), (2, 2, 3, 4))
case("flatten_channels_first_3d", L.Flatten(data_format="channels_first"), (2, 3, 5))
case("flatten_2d", L.Flatten(), (2, 5))
case("reshape_minus_one", L.Reshape((3, -1)), (2, 4, 6))
case("reshape_3d", L.Reshape((2, 3, 4)), (2, 4, 6))
case("permute_312", L.Permute((3, 1, 2)), (2, 3, 4, 5))
case("permute_21", L.Permute((2, 1)), (2, 3, 4))
case("repeat_vector", L.RepeatVector(4), (3, 5))

case("batchnorm_last", L.BatchNormalization(), (3, 5), positive=(3,))
case("batchnorm_axis1", L.BatchNormalization(axis=1), (2, 3, 4, 5), positive=(3,))
case("batchnorm_no_center", L.BatchNormalization(center=False), (3, 5), positive=(2,))
case("batchnorm_no_scale_eps", L.BatchNormalization(scale=False, epsilon=0.01), (3, 5), positive=(2,))
case("batchnorm_renorm", L.BatchNormalization(renorm=True), (3, 4), positive=(3, 4, 6))
case("layernorm", L.LayerNormalization(), (2, 4, 6), offset=0.5)
case("layernorm_axes_1_2", L.LayerNormalization(axis=[1, 2]), (2, 3, 4, 2), offset=0.3)
case("layernorm_axes_minus1_1", L.LayerNormalization(axis=[-1, 1]), (2, 3, 4, 2), offset=0.3)
case("layernorm_no_center_no_scale", L.LayerNormalization(center=False, scale=False), (2, 4, 6), offset=0.5)
case("layernorm_rms_scaling", L.LayerNormalization(rms_scaling=True), (2, 4, 6), offset=0.5)
case("unit_normalization", L.UnitNormalization(), (2, 3, 4))
case("unit_normalization_axes", L.UnitNormalization(axis=[1, 2]), (2, 3, 4))


def main():
    index = {}
    for name, layer, input_shape, scale, offset, mask, positive in CASES:
        rng = rng_for(name)
        x = (rng.standard_normal(input_shape) * scale + offset).astype("float32")
        layer.build(input_shape)
        weights = []
        for i, w in enumerate(layer.get_weights()):
            if i in positive:
                weights.append(rng.uniform(0.5, 2.0, size=w.shape).astype("float32"))
            else:
                weights.append((rng.standard_normal(w.shape) * 0.7).astype("float32"))
        layer.set_weights(weights)
        if mask is not None:
            y = layer(x, mask=mask, training=False)
        else:
            y = layer(x, training=False)
        y = keras.ops.convert_to_numpy(y)
        arrays = {"input": x, "output": y}
        if mask is not None:
            arrays["mask"] = mask
        for i, w in enumerate(weights):
            arrays[f"weight_{i}"] = w
        np.savez(os.path.join(HERE, f"{name}.npz"), **arrays)
        out_shape = layer.compute_output_shape((None,) + tuple(input_shape[1:]))
        index[name] = {
            "class_name": layer.__class__.__name__,
            "config": layer.get_config(),
            "input_shape": list(input_shape[1:]),
            "output_shape": [d if d is not None else -1 for d in out_shape[1:]],
            "weights": len(weights),
        }
    with open(os.path.join(HERE, "cases.json"), "w") as f:
        json.dump(index, f, indent=1, sort_keys=True, default=lambda o: o if not isinstance(o, tuple) else list(o))

    # Exact kink points of the piecewise functions plus a dense grid.
    grid = np.concatenate([np.linspace(-8.0, 8.0, 161),
                           [-6.0, -3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0, 6.0, 20.0, -20.0, 40.0, -40.0]])
    x = grid.astype("float32").reshape(1, -1)
    out = {"x": x}
    for act in ACTIVATIONS:
        out[act] = keras.ops.convert_to_numpy(keras.activations.get(act)(x))
    np.savez(os.path.join(HERE, "activations.npz"), **out)


if __name__ == "__main__":
    main()
