"""TensorFlow Keras 3 on the same models and batches as `keras2j bench`, printing the same JSON shape.

Run: .venv/bin/python bench/keras_reference.py MODEL [--batch 1,32] [--seconds 3] [--loads 5] [--threads T]
Engine "keras-tf": load = keras.saving.load_model (compile=False); latency = the faster (by median) of
model(x, training=False) and model.predict_on_batch(x), each warmed up for a third of the time box first.
load_peak_heap_mb is the growth of the process's peak resident set (ru_maxrss) during the first load,
which is not the same measure as the JVM's heap; it is given for orientation only.
"""
import argparse
import json
import os
import resource
import statistics
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def percentile(values, q):
    v = sorted(values)
    i = max(0, min(len(v) - 1, int(-(-q * len(v) // 1)) - 1))
    return v[i]


def timed(fn, x, seconds):
    warm_end = time.perf_counter() + seconds / 3
    n = 0
    while n < 3 or time.perf_counter() < warm_end:
        fn(x)
        n += 1
    lat = []
    end = time.perf_counter() + seconds
    while len(lat) < 5 or (time.perf_counter() < end and len(lat) < 100000):
        t0 = time.perf_counter()
        fn(x)
        lat.append((time.perf_counter() - t0) * 1000)
    return lat


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--batch", default="1,32")
    ap.add_argument("--seconds", type=float, default=3)
    ap.add_argument("--loads", type=int, default=5)
    ap.add_argument("--threads", type=int, default=None)
    args = ap.parse_args()

    import numpy as np
    import tensorflow as tf
    if args.threads:
        tf.config.threading.set_intra_op_parallelism_threads(args.threads)
        tf.config.threading.set_inter_op_parallelism_threads(args.threads)
    import keras

    results = []
    try:
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        times = []
        model = None
        for _ in range(max(1, args.loads)):
            model = None
            t0 = time.perf_counter()
            model = keras.saving.load_model(args.model, compile=False)
            times.append((time.perf_counter() - t0) * 1000)
        peak_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024
        warm = times[1:] if len(times) > 1 else times
        shape = tuple(model.inputs[0].shape[1:])
        rng = np.random.default_rng(42)
        first = True
        for batch in [int(b) for b in args.batch.split(",")]:
            x = rng.standard_normal((batch,) + shape).astype(np.float32)
            first_ms = None
            if first:
                t0 = time.perf_counter()
                model(x, training=False)
                first_ms = (time.perf_counter() - t0) * 1000
                first = False
            call = timed(lambda v: model(v, training=False), x, args.seconds)
            pob = timed(model.predict_on_batch, x, args.seconds)
            lat = min(call, pob, key=statistics.median)
            median = statistics.median(lat)
            results.append({
                "engine": "keras-tf", "batch": batch,
                "load_ms": round(statistics.median(warm), 3), "load_cold_ms": round(times[0], 3),
                "first_predict_ms": None if first_ms is None else round(first_ms, 3),
                "latency_ms_median": round(median, 3), "latency_ms_p90": round(percentile(lat, 0.9), 3),
                "throughput_per_s": round(batch * 1000.0 / median, 3), "repetitions": len(lat),
                "load_peak_heap_mb": round(peak_mb, 3), "load_alloc_mb": None, "predict_alloc_mb": None,
                "method": "model(x)" if lat is call else "predict_on_batch",
            })
    except Exception as e:  # one engine that cannot run the model gives an error entry
        results.append({"engine": "keras-tf", "error": str(e).splitlines()[0] if str(e) else repr(e)})
    print(json.dumps({"model": args.model, "results": results}, indent=2))


if __name__ == "__main__":
    sys.exit(main())
