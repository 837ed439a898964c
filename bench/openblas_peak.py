"""The machine's single-precision matrix-multiply peak, as numpy's OpenBLAS reaches it.

Run: env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python bench/openblas_peak.py
(those variables, when set, can force a slower kernel; threadpoolctl reports which one runs).
Prints JSON: the OpenBLAS build and kernel, and GFLOP/s for n x n float32 products with all threads and one.
"""
import json
import os
import sys
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits


def gflops(n, seconds=3.0):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    a @ b
    best = float("inf")
    end = time.perf_counter() + seconds
    reps = 0
    while reps < 3 or time.perf_counter() < end:
        t0 = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - t0)
        reps += 1
    return 2.0 * n ** 3 / best / 1e9


def main():
    sizes = [int(s) for s in sys.argv[1:]] or [2048]
    info = [i for i in threadpool_info() if i.get("internal_api") == "openblas"]
    out = {"env": {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")},
           "openblas": [{k: i.get(k) for k in ("version", "architecture", "threading_layer", "num_threads")}
                        for i in info],
           "results": []}
    for n in sizes:
        out["results"].append({"n": n, "threads": info[0]["num_threads"] if info else None, "gflops": round(gflops(n), 2)})
        with threadpool_limits(limits=1, user_api="blas"):
            out["results"].append({"n": n, "threads": 1, "gflops": round(gflops(n), 2)})
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
