"""Writes the fuzzing harness's own seeds (files no fixture provides).

dl4j_inputs_and_outputs.h5 has the layout of Deeplearning4j's Keras import test references (root JSON
attributes naming the inputs and outputs; inputs/, predictions/, activations/ groups, one nested), which
keras2j reads with `validate`. It is a DL4J layout, not a Keras file. Run from the repository root:

    .venv/bin/python fuzz/seeds/make_seeds.py
"""
import json
import pathlib

import h5py
import numpy as np

here = pathlib.Path(__file__).parent
rng = np.random.default_rng(7)
with h5py.File(here / "dl4j_inputs_and_outputs.h5", "w") as f:
    f.attrs["inputs"] = json.dumps({"inputs": ["input_1"]})
    f.attrs["outputs"] = json.dumps({"outputs": ["dense_2"]})
    f.create_dataset("inputs/input_1", data=rng.standard_normal((2, 4)).astype("float32"))
    f.create_dataset("predictions/dense_2", data=rng.standard_normal((2, 3)).astype("float32"))
    f.create_dataset("activations/dense_1", data=rng.standard_normal((2, 5)).astype("float64"))
    f.create_dataset("activations/block/dense_2", data=rng.integers(0, 9, (2, 3)).astype("int32"))
    f.create_dataset("outputs/dense_2", data=rng.standard_normal((2, 3)).astype("float32"), compression="gzip")
