"""Writes the hostile HDF5 files of keras2j's regression tests (HostileInputTest): structures h5py can
write but Keras never does. Each starts from a fixture and changes one thing. Run from the repository root:

    .venv/bin/python core/src/test/resources/hostile/make_hostile.py
"""
import pathlib
import shutil
import zlib

import h5py
import numpy as np

root = pathlib.Path(__file__).resolve().parents[5]
here = pathlib.Path(__file__).parent
dense = root / "fixtures/models/dense_2d"


def copy_dense(name):
    shutil.copy(dense / "dense_2d.json", here / f"{name}.json")
    target = here / f"{name}.weights.h5"
    shutil.copy(dense / "dense_2d.weights.h5", target)
    return target


def layer_group(f):
    layers = f["layers"]
    return layers[next(iter(layers))]


# A hard link from inside a layer's group back to the group itself: walking it naively never ends.
with h5py.File(copy_dense("weights_cycle"), "r+") as f:
    g = layer_group(f)
    g["loop"] = g

# Groups nested far deeper than any Keras layer nests its sub-layers.
with h5py.File(copy_dense("weights_deep"), "r+") as f:
    g = layer_group(f)
    for _ in range(100):
        g = g.create_group("a")

# A deflate chunk of 64 MiB of zeros stored for a 16-byte bias: jhdf alone inflates all of it.
with h5py.File(copy_dense("deflate_bomb"), "r+") as f:
    vars_ = layer_group(f)["vars"]
    bias = vars_["1"][()]
    del vars_["1"]
    ds = vars_.create_dataset("1", shape=bias.shape, dtype=bias.dtype, chunks=bias.shape, compression="gzip")
    ds.id.write_direct_chunk((0,) * bias.ndim, zlib.compress(bytes(64 << 20), 9))

# A DL4J reference whose activations group links back to itself.
shutil.copy(root / "fuzz/seeds/dl4j_inputs_and_outputs.h5", here / "cycle_inputs_and_outputs.h5")
with h5py.File(here / "cycle_inputs_and_outputs.h5", "r+") as f:
    f["activations/block/loop"] = f["activations"]
