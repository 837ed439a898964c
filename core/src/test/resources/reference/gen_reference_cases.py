"""Generates the small reference test files read by dev.keras2j.reference tests.

Run from anywhere with the project's Python:  .venv/bin/python gen_reference_cases.py
Writes next to this script (the files are committed; they are tiny). Values follow simple formulas
(documented per file) that the Java tests recompute; numpy and h5py do the encoding.
"""
import json
import os
import pathlib
import shutil
import struct
import zipfile

import h5py
import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
NPY = HERE / "npy"
NPZ = HERE / "npz"
H5 = HERE / "h5"
FOLDERS = HERE / "folders"
BAD = HERE / "bad"


def fresh(path):
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)


def base(shape=(2, 3, 4)):
    """arange(n) - 6 reshaped: small integers, exact in every dtype used below (signed ones)."""
    return (np.arange(int(np.prod(shape))) - 6).reshape(shape)


def gen_npy():
    fresh(NPY)
    # dtype cases: file name -> array; Java expects base() values (or the transform noted).
    for name, dtype in [("f4", "<f4"), ("f8", "<f8"), ("i4", "<i4"), ("i8", "<i8"), ("i2", "<i2"),
                        ("i1", "|i1"), ("f2", "<f2"), ("be_f4", ">f4"), ("be_f8", ">f8"),
                        ("be_i4", ">i4"), ("be_i8", ">i8"), ("be_i2", ">i2"), ("be_f2", ">f2")]:
        np.save(NPY / f"{name}.npy", base().astype(np.dtype(dtype)))
    # unsigned: base() + 6 = arange(24)
    np.save(NPY / "u1.npy", (base() + 6).astype("|u1"))
    np.save(NPY / "be_u2.npy", (base() + 6).astype(">u2"))
    # bool: arange(24) % 3 == 0
    np.save(NPY / "b1.npy", ((base() + 6) % 3 == 0))
    # Fortran order: same logical values as base(), stored column-major.
    np.save(NPY / "fortran_f4.npy", np.asfortranarray(base().astype("<f4")))
    np.save(NPY / "fortran_be_f8.npy", np.asfortranarray(base().astype(">f8")))
    assert np.load(NPY / "fortran_f4.npy").flags.f_contiguous
    # 0-d arrays: 3.5
    np.save(NPY / "scalar_f4.npy", np.array(3.5, dtype="<f4"))
    np.save(NPY / "scalar_f8.npy", np.array(3.5, dtype="<f8"))
    # 1-d and empty arrays
    np.save(NPY / "vector_f4.npy", base((5,)).astype("<f4"))
    np.save(NPY / "empty_f4.npy", np.zeros((0, 3), dtype="<f4"))
    # Format versions 2.0 and 3.0 of base() as float32.
    for version in [(2, 0), (3, 0)]:
        with open(NPY / f"v{version[0]}_f4.npy", "wb") as f:
            np.lib.format.write_array(f, base().astype("<f4"), version=version)
    # Half-precision special values; the f4 twin is numpy's own float16 -> float32 conversion.
    half = np.array([0.0, -0.0, 1.0, -2.5, 65504.0, 6e-8, 1e-5, 0.1, np.inf, -np.inf, np.nan], dtype="<f2")
    np.save(NPY / "half_special.npy", half)
    np.save(NPY / "half_special_as_f4.npy", half.astype("<f4"))


def gen_npz():
    fresh(NPZ)
    x = base((2, 5)).astype("<f4") / 4        # input: (arange(10) - 6) / 4
    y = base((2, 3)).astype("<f4") * 2        # output: (arange(6) - 6) * 2
    dense = base((2, 4)).astype("<f4")        # layer/dense_1: arange(8) - 6
    np.savez(NPZ / "single.npz", **{"input": x, "output": y, "layer/dense_1": dense, "layer/out": y})
    np.savez_compressed(NPZ / "single_compressed.npz", **{"input": x, "output": y, "layer/dense_1": dense})
    # Several inputs and outputs, written out of order on purpose; float64 input_1.
    np.savez(NPZ / "multi.npz", **{"output_1": y + 1, "input_1": x.astype("<f8") + 1, "output_0": y,
                                   "input_0": x})
    np.savez(NPZ / "input_only.npz", input=x)
    np.savez(NPZ / "gap.npz", input_0=x, input_2=x, output=y)


def write_dl4j_h5(path, inputs, predictions, labels, activations, scores, dtype="<f4"):
    """Mimics DL4J's *_inputs_and_outputs.h5: root JSON attrs, groups inputs/ outputs/ predictions/
    activations/ and (after training) scores/<output>/ + scores/loss."""
    with h5py.File(path, "w") as h:
        h.attrs["inputs"] = json.dumps({"inputs": list(inputs)})
        h.attrs["outputs"] = json.dumps({"outputs": list(predictions or labels)})
        for group, arrays in [("activations", activations), ("inputs", inputs), ("outputs", labels),
                              ("predictions", predictions)]:
            if arrays is not None:
                g = h.create_group(group)
                for name, a in arrays.items():
                    g.create_dataset(name, data=np.asarray(a, dtype=dtype))
        if scores:
            s = h.create_group("scores")
            for name in (predictions or labels):
                s.create_group(name)
            s.create_dataset("loss", data=np.array([0.25], dtype="<f4"))


def gen_h5():
    fresh(H5)
    x = base((2, 4)) / 8                       # (arange(8) - 6) / 8
    pred = base((2, 3)) * 0.5                  # (arange(6) - 6) * 0.5
    labels = np.ones((2, 3))                   # training labels: all ones
    hidden = base((2, 5))                      # arange(10) - 6
    # Names chosen so the file's alphabetical order differs from the declared order.
    write_dl4j_h5(H5 / "trained_inputs_and_outputs.h5", {"dense_input": x}, {"out": pred}, {"out": labels},
                  {"dense": hidden, "out": pred}, scores=True)
    write_dl4j_h5(H5 / "float64_inputs_and_outputs.h5", {"dense_input": x}, {"out": pred}, {"out": pred},
                  {"dense": hidden, "out": pred}, scores=False, dtype="<f8")
    # Two inputs declared as [z_in, a_in]: the declared order must win over the alphabetical one.
    with h5py.File(H5 / "two_inputs_inputs_and_outputs.h5", "w") as h:
        h.attrs["inputs"] = json.dumps({"inputs": ["z_in", "a_in"]})
        h.attrs["outputs"] = json.dumps({"outputs": ["out"]})
        h.create_dataset("inputs/z_in", data=x.astype("<f4"))
        h.create_dataset("inputs/a_in", data=(x + 1).astype("<f4"))
        h.create_dataset("predictions/out", data=pred.astype("<f4"))
    # No predictions/ but outputs/ and no scores/: outputs/ are the expected outputs.
    write_dl4j_h5(H5 / "outputs_only_inputs_and_outputs.h5", {"dense_input": x}, None, {"out": pred},
                  {}, scores=False)
    # scores/ present but no predictions/: outputs/ are labels, nothing to compare against.
    write_dl4j_h5(H5 / "labels_only_inputs_and_outputs.h5", {"dense_input": x}, None, {"out": labels},
                  {}, scores=True)
    # An HDF5 file that is not a reference (a model-like layout).
    with h5py.File(H5 / "not_a_reference.h5", "w") as h:
        h.attrs["keras_version"] = "2.1.0"
        h.create_dataset("model_weights/dense/kernel", data=np.zeros((2, 2), dtype="<f4"))


def gen_folders():
    fresh(FOLDERS)
    # input.npy (float64, like dl4j-cnn-batchnorm) + predictions.npy of shape (n, 1)
    pair = FOLDERS / "npy_pair"
    pair.mkdir()
    np.save(pair / "input.npy", (base((3, 4)) / 8).astype("<f8"))
    np.save(pair / "predictions.npy", (base((3, 1)) * 0.5).astype("<f4"))
    both = FOLDERS / "ambiguous"
    both.mkdir()
    np.save(both / "input.npy", base((3, 4)).astype("<f4"))
    np.save(both / "output.npy", base((3, 1)).astype("<f4"))
    np.save(both / "predictions.npy", base((3, 1)).astype("<f4"))
    # CSV sequences like dl4j-lstm-th-k2-json: ';'-separated, 3 timesteps x (2 features + 1 label column),
    # named by number (10 must come after 2). Sequence k, timestep t, feature f = k + t / 10 + f / 100;
    # the label column is -1. predictions.npy holds one value per sequence: k / 4.
    seq = FOLDERS / "csv_sequences"
    (seq / "sequences").mkdir(parents=True)
    ks = [0, 1, 2, 10]
    for k in ks:
        rows = [";".join([repr(k + t / 10 + f / 100) for f in range(2)] + ["-1.0"]) for t in range(3)]
        (seq / "sequences" / f"{k}.csv").write_text("\n".join(rows) + "\n")
    np.save(seq / "predictions.npy", (np.array(ks) / 4).astype("<f4"))
    # Same with a header line and ',' separator, no label column, names not numeric.
    hdr = FOLDERS / "csv_header"
    (hdr / "sequences").mkdir(parents=True)
    for i, name in enumerate(["b", "a"]):
        rows = ["f0,f1"] + [",".join(repr(i + t / 10 + f / 100) for f in range(2)) for t in range(2)]
        (hdr / "sequences" / f"{name}.csv").write_text("\n".join(rows) + "\n")
    np.save(hdr / "output.npy", np.array([[1.0], [0.0]], dtype="<f4"))
    # A folder holding a single .npz beside other files (like fixtures/models/<case>/).
    one = FOLDERS / "single_npz"
    one.mkdir()
    np.savez(one / "case.npz", input=base((2, 5)).astype("<f4"), output=base((2, 3)).astype("<f4"))
    (one / "case.json").write_text("{}")


def gen_bad():
    fresh(BAD)
    good = BAD / "_good.npy"
    np.save(good, base().astype("<f4"))
    data = good.read_bytes()
    good.unlink()
    (BAD / "truncated_data.npy").write_bytes(data[:-7])
    (BAD / "truncated_header.npy").write_bytes(data[:30])
    (BAD / "trailing_bytes.npy").write_bytes(data + b"\0\0\0\0")
    # Declares a shape of ~8e15 float32 elements over 96 bytes of data.
    header = data[10:data.index(b"\n") + 1]
    absurd = header.replace(b"(2, 3, 4)", b"(200000, 200000, 200000)")
    (BAD / "absurd_shape.npy").write_bytes(data[:8] + struct.pack("<H", len(absurd)) + absurd + data[10 + len(header):])
    # Element count times item size overflows 64 bits.
    huge = header.replace(b"(2, 3, 4)", b"(2147483647, 2147483647, 2147483647, 8)")
    (BAD / "overflow_shape.npy").write_bytes(data[:8] + struct.pack("<H", len(huge)) + huge + data[10 + len(header):])
    np.save(BAD / "object_array.npy", np.array([{"a": 1}, None], dtype=object), allow_pickle=True)
    np.save(BAD / "structured.npy", np.zeros(2, dtype=[("a", "<f4"), ("b", "<i4")]))
    np.save(BAD / "complex.npy", np.zeros(2, dtype="<c8"))
    np.save(BAD / "unicode.npy", np.array(["ab", "c"]))
    (BAD / "not_npy.npy").write_bytes(b"hello, this is not numpy data at all")
    # .npz whose entry is corrupt (truncated .npy inside a valid zip).
    with zipfile.ZipFile(BAD / "bad_entry.npz", "w") as z:
        z.writestr("input.npy", data)
        z.writestr("output.npy", data[:-7])
    with zipfile.ZipFile(BAD / "non_npy_entry.npz", "w") as z:
        z.writestr("input.npy", data)
        z.writestr("notes.txt", b"hello")
    # A zip cut in half (no central directory).
    np.savez(BAD / "_whole.npz", input=base().astype("<f4"), output=base().astype("<f4"))
    whole = (BAD / "_whole.npz").read_bytes()
    (BAD / "_whole.npz").unlink()
    (BAD / "truncated.npz").write_bytes(whole[:len(whole) // 2])
    # .npz holding a pickled object array.
    np.savez(BAD / "object_entry.npz", input=np.array([None, 1], dtype=object))
    (BAD / "random.bin").write_bytes(bytes(range(64)))


if __name__ == "__main__":
    gen_npy()
    gen_npz()
    gen_h5()
    gen_folders()
    gen_bad()
    total = sum(p.stat().st_size for p in HERE.rglob("*") if p.is_file())
    print(f"wrote reference test cases under {HERE} ({total} bytes)")
