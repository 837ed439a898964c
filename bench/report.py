"""Turns the JSON of bench/run-all.sh (docs/bench-results/) into the markdown tables of docs/benchmarks.md.

Run: .venv/bin/python bench/report.py > docs/bench-results/tables.md
"""
import re
import json
import os
import sys

DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs", "bench-results")


def load(name):
    p = os.path.join(DIR, name)
    if not os.path.exists(p):
        return None
    with open(p) as f:
        try:
            return json.load(f)
        except json.JSONDecodeError:
            return None


def rows(doc):
    return [] if doc is None else doc["results"]


def fmt(v, digits=2):
    if v is None:
        return ""
    if isinstance(v, (int, float)):
        return f"{v:.{digits}f}" if abs(v) < 1000 else f"{v:.0f}"
    return str(v)


def table(model, results):
    out = [f"### {model}", "",
           "| engine | batch | load ms (median) | load ms (cold) | first predict ms | latency ms median | p90 | examples/s "
           "| load peak heap MB | load alloc MB | alloc MB per predict | keras2j speed-up (latency) "
           "| keras2j speed-up (load) |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    k2 = {r["batch"]: r for r in results if r.get("engine") == "keras2j" and "error" not in r}
    for r in results:
        if "error" in r:
            out.append(f"| {r['engine']} | | error: {r['error'][:140]} | | | | | | | | | | |")
            continue
        mine = k2.get(r["batch"])
        ratio = load_ratio = ""
        if mine and r["engine"] != "keras2j":
            ratio = f"{r['latency_ms_median'] / mine['latency_ms_median']:.2f}×"
            load_ratio = f"{r['load_ms'] / mine['load_ms']:.1f}×"
        out.append("| " + " | ".join([r["engine"], str(r["batch"]), fmt(r["load_ms"]), fmt(r.get("load_cold_ms")),
                                       fmt(r.get("first_predict_ms")), fmt(r["latency_ms_median"], 3),
                                       fmt(r["latency_ms_p90"], 3), fmt(r["throughput_per_s"], 1),
                                       fmt(r.get("load_peak_heap_mb"), 1), fmt(r.get("load_alloc_mb"), 1),
                                       fmt(r.get("predict_alloc_mb"), 2), ratio, load_ratio]) + " |")
    return "\n".join(out) + "\n"


def main():
    parts = []
    for m in ["mlp", "cnn", "lstm", "gru", "large"]:
        portable = [dict(r, engine="keras2j portable") for r in rows(load(f"{m}.portable.json"))]
        res = rows(load(f"{m}.json")) + portable + rows(load(f"{m}.keras-tf.json"))
        if res:
            parts.append(table(f"fixtures/bench/{m}.h5", res))
        one = rows(load(f"{m}.threads1.json"))
        two = [r for r in rows(load(f"{m}.json")) if r.get("engine") == "keras2j" and r.get("batch") == 32]
        if one and two and "error" not in one[0]:
            parts.append(f"Threads ({m}, batch 32): 1 thread {one[0]['throughput_per_s']:.1f}/s, "
                         f"2 threads {two[0]['throughput_per_s']:.1f}/s = "
                         f"{two[0]['throughput_per_s'] / one[0]['throughput_per_s']:.2f}×\n")
        one = rows(load(f"{m}.b256.threads1.json"))
        two = rows(load(f"{m}.b256.threads2.json"))
        if one and two and "error" not in one[0] and "error" not in two[0]:
            parts.append(f"Threads ({m}, batch 256): 1 thread {one[0]['throughput_per_s']:.1f}/s, "
                         f"2 threads {two[0]['throughput_per_s']:.1f}/s = "
                         f"{two[0]['throughput_per_s'] / one[0]['throughput_per_s']:.2f}×\n")
    for f in sorted(os.listdir(DIR)):
        if f.startswith("corpus-") and f.endswith(".json"):
            doc = load(f)
            if doc is None:
                continue
            parts.append(table(re.sub(r".*shared/corpus/", "corpus: ", doc["model"]), rows(doc)))
    print("\n".join(parts))


if __name__ == "__main__":
    sys.exit(main())
