"""Generate conv_cases.json + conv_cases.npz: single-layer Keras references for convolution-family
options the shared fixtures do not cover (masks, channels_first variants, 1D depthwise/separable,
transposed output_padding with same padding, ...).

Run from the repository root (JAX backend, because TensorFlow cannot run channels_first
convolutions on CPU):

    KERAS_BACKEND=jax .venv/bin/python core/src/test/resources/conv/gen_conv_cases.py

conv_cases.json lists each case: the layer's class name and Keras 3 config, the model input shape,
the npz keys of its weights in Keras's order, and whether a mask is fed. conv_cases.npz holds
<case>/input, <case>/mask (optional, as float 0/1), <case>/weight_<i> and <case>/output.
"""
import json
import os
import zlib

os.environ.setdefault("KERAS_BACKEND", "jax")
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers as L  # noqa: E402

assert keras.backend.backend() == "jax", "run with KERAS_BACKEND=jax"
HERE = os.path.dirname(os.path.abspath(__file__))

CASES = [
    # name, layer factory, example shape, mask (None or list of per-row lengths/patterns)
    ("conv1d_channels_first_causal_dilation",
     lambda: L.Conv1D(3, 3, padding="causal", dilation_rate=2, data_format="channels_first"), (2, 9), None),
    ("conv1d_groups_same_even_kernel",
     lambda: L.Conv1D(6, 4, padding="same", groups=3, activation="tanh"), (7, 6), None),
    ("conv2d_groups_dilation_same",
     lambda: L.Conv2D(4, (2, 3), padding="same", dilation_rate=(2, 1), groups=2), (6, 5, 4), None),
    ("conv2d_channels_first_softmax",
     lambda: L.Conv2D(3, 2, data_format="channels_first", activation="softmax"), (2, 4, 5), None),
    ("depthwise_conv1d_same_strides",
     lambda: L.DepthwiseConv1D(4, strides=2, padding="same", depth_multiplier=2), (9, 3), None),
    ("depthwise_conv2d_dilation_no_bias",
     lambda: L.DepthwiseConv2D((3, 2), dilation_rate=2, use_bias=False, activation="relu"), (7, 6, 2), None),
    ("separable_conv1d_channels_first",
     lambda: L.SeparableConv1D(4, 3, padding="same", depth_multiplier=2, data_format="channels_first"),
     (3, 8), None),
    ("separable_conv2d_dilation_no_bias",
     lambda: L.SeparableConv2D(3, 3, dilation_rate=2, use_bias=False), (7, 7, 2), None),
    ("conv2d_transpose_same_output_padding",
     lambda: L.Conv2DTranspose(3, (3, 4), strides=(2, 3), padding="same", output_padding=(1, 2)), (3, 4, 2), None),
    ("conv2d_transpose_same_strides3_even",
     lambda: L.Conv2DTranspose(2, 4, strides=3, padding="same"), (3, 3, 2), None),
    ("conv1d_transpose_channels_first_output_padding",
     lambda: L.Conv1DTranspose(3, 3, strides=2, output_padding=1, data_format="channels_first"), (2, 5), None),
    ("conv2d_transpose_dilation_valid",
     lambda: L.Conv2DTranspose(3, (3, 2), dilation_rate=(2, 3)), (4, 3, 2), None),
    ("conv1d_transpose_same_dilation",
     lambda: L.Conv1DTranspose(2, 3, dilation_rate=2, padding="same", activation="sigmoid"), (6, 3), None),
    ("max_pooling2d_same_nonsquare",
     lambda: L.MaxPooling2D((2, 3), strides=(3, 2), padding="same"), (7, 8, 2), None),
    ("average_pooling1d_same_stride1",
     lambda: L.AveragePooling1D(4, strides=1, padding="same"), (6, 2), None),
    ("global_average_pooling1d_mask",
     lambda: L.GlobalAveragePooling1D(), (6, 3), [6, 4, 1]),
    ("global_average_pooling1d_mask_channels_first_keepdims",
     lambda: L.GlobalAveragePooling1D(data_format="channels_first", keepdims=True), (3, 5), [5, 2, 3]),
    ("zero_padding1d_channels_first",
     lambda: L.ZeroPadding1D(2, data_format="channels_first"), (2, 4), None),
    ("zero_padding2d_channels_first_per_axis",
     lambda: L.ZeroPadding2D((1, 2), data_format="channels_first"), (2, 3, 3), None),
    ("cropping2d_channels_first",
     lambda: L.Cropping2D(((0, 2), (1, 1)), data_format="channels_first"), (2, 5, 4), None),
    ("cropping2d_symmetric",
     lambda: L.Cropping2D(1), (5, 4, 2), None),
    ("upsampling2d_nearest_channels_first",
     lambda: L.UpSampling2D((3, 2), data_format="channels_first"), (2, 3, 2), None),
    ("upsampling2d_bilinear_channels_first",
     lambda: L.UpSampling2D((2, 4), interpolation="bilinear", data_format="channels_first"), (2, 3, 3), None),
]

# Shape-only cases with open (None) dimensions: Keras's compute_output_shape and count_params.
SHAPE_CASES = [
    (lambda: L.Conv1D(4, 3, strides=2), (None, 3)),
    (lambda: L.Conv1D(4, 3, padding="causal", dilation_rate=3), (None, 3)),
    (lambda: L.Conv2D(4, (3, 2), padding="same", strides=(2, 3), data_format="channels_first"), (2, None, 7)),
    (lambda: L.Conv2DTranspose(3, 3, strides=2), (None, None, 2)),
    (lambda: L.Conv2DTranspose(3, 4, strides=2, padding="same", output_padding=1), (5, None, 2)),
    (lambda: L.SeparableConv1D(5, 3, depth_multiplier=3), (None, 2)),
    (lambda: L.DepthwiseConv2D(3, depth_multiplier=3, padding="same"), (None, 6, 2)),
    (lambda: L.MaxPooling1D(3, padding="same"), (None, 3)),
    (lambda: L.AveragePooling2D((2, 3), strides=1), (5, None, 3)),
    (lambda: L.GlobalAveragePooling1D(keepdims=True), (None, 3)),
    (lambda: L.GlobalMaxPooling2D(data_format="channels_first"), (3, None, None)),
    (lambda: L.UpSampling1D(4), (None, 2)),
    (lambda: L.UpSampling2D((2, 3)), (None, 4, 2)),
    (lambda: L.ZeroPadding1D((2, 0)), (None, 2)),
    (lambda: L.Cropping1D((0, 2)), (None, 2)),
    (lambda: L.Cropping2D(((1, 1), (0, 2))), (5, None, 2)),
]


def shape_cases():
    out = []
    for make, shape in SHAPE_CASES:
        layer = make()
        layer.build((None,) + shape)
        out_shape = layer.compute_output_shape((None,) + shape)
        out.append({"class_name": layer.__class__.__name__, "config": layer.get_config(),
                    "input_shape": list(shape), "output_shape": list(out_shape)[1:],
                    "params": int(layer.count_params())})
    return out


def main():
    meta = []
    arrays = {}
    for name, make, shape, lengths in CASES:
        seed = zlib.crc32(name.encode()) & 0x7FFFFFFF
        keras.utils.set_random_seed(seed)
        rng = np.random.RandomState(seed)
        layer = make()
        batch = 3 if lengths is not None else 2
        x = rng.standard_normal((batch,) + shape).astype("float32")
        layer.build((None,) + shape)
        weights = [rng.standard_normal(w.shape).astype("float32") * 0.5 for w in layer.get_weights()]
        layer.set_weights(weights)
        kwargs = {}
        if lengths is not None:
            steps = shape[0] if getattr(layer, "data_format", "channels_last") == "channels_last" else shape[1]
            mask = np.zeros((batch, steps), dtype=bool)
            for i, n in enumerate(lengths):
                mask[i, :n] = True
            mask[0, 1] = False  # an inner masked step as well as trailing ones
            kwargs["mask"] = mask
            arrays[name + "/mask"] = mask.astype("float32")
        y = np.asarray(layer(x, **kwargs)).astype("float32")
        arrays[name + "/input"] = x
        arrays[name + "/output"] = y
        for i, w in enumerate(weights):
            arrays[f"{name}/weight_{i}"] = w
        meta.append({"name": name, "class_name": layer.__class__.__name__,
                     "config": layer.get_config(), "input_shape": list(shape),
                     "output_shape": list(y.shape[1:]), "params": int(layer.count_params()),
                     "weights": len(weights), "masked": lengths is not None})
    with open(os.path.join(HERE, "conv_cases.json"), "w") as fh:
        json.dump({"keras_version": keras.__version__, "backend": "jax", "cases": meta,
                   "shape_cases": shape_cases()}, fh, indent=1)
        fh.write("\n")
    np.savez(os.path.join(HERE, "conv_cases.npz"), **arrays)
    print(f"wrote {len(meta)} cases")


if __name__ == "__main__":
    main()
