#!/usr/bin/env bash
# The measurement set of issue 20 in one run (about 10-15 minutes on 2 cores), written as markdown:
#   bench/run-perf-suite.sh [OUT.md]        (default: docs/bench-results/perf-suite.md; JSON beside it)
# 1. the machine: CPU, UseAVX, MaxVectorSize, the Vector API's preferred species (as keras2j's kernels run it);
# 2. matrix multiply n = 2048: keras2j's GemmPeak and numpy's OpenBLAS on 2 and 1 threads, two rounds,
#    alternating, so each ratio compares figures taken minutes apart at most;
# 3. bench --engine all (keras2j, its DL4J export, DL4J's import, its ONNX export in ONNX Runtime) and
#    TensorFlow Keras (bench/keras_reference.py) on fixtures/bench/{mlp,cnn,resnet,lstm}.h5, batch 1 and 32;
# 4. inspect on the CNN, end to end as a process (the time a user waits).
# Only ratios within this one run mean something on a shared machine.
# Env: PYTHON (default .venv/bin/python, or /work/main/.venv/bin/python), SECONDS_PER_BATCH (default 2),
#      MODELS (default "mlp cnn resnet lstm").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out_md="${1:-docs/bench-results/perf-suite.md}"
dir="$(dirname "$out_md")/perf-suite-json"
mkdir -p "$dir"
py=${PYTHON:-.venv/bin/python}
[ -x "$py" ] || py=/work/main/.venv/bin/python
secs=${SECONDS_PER_BATCH:-2}
models=${MODELS:-mlp cnn resnet lstm}
for m in $models; do
  [ -f "fixtures/bench/$m.h5" ] || "$py" fixtures/bench/generate_bench.py $models
done
mvn -q -B -o -DskipTests -pl cli,bench -am package
bin/keras2j --version >/dev/null  # builds the launcher's jar when needed
bench_cp="bench/target/classes:$(cat bench/target/classpath.txt)"
java_vec=(java --add-modules jdk.incubator.vector)
load() { cut -d' ' -f1-3 /proc/loadavg; }

flags="$(java -XX:+PrintFlagsFinal -version 2>/dev/null | awk '$2=="UseAVX"||$2=="MaxVectorSize"{print $2"="$4}' | tr '\n' ' ')"
{
  echo "# Issue 20 measurement set, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)"
  echo
  echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), nproc $(nproc); JVM flags: ${flags}"
  echo "- JDK: $(java -version 2>&1 | head -1)"
  echo "- load average at start: $(load)"
  echo
} > "$out_md"

# --- 2. matrix multiply -------------------------------------------------------------------------------
echo "## Matrix multiply, n = 2048 (best of 8 s; GFLOP/s)" >> "$out_md"
echo >> "$out_md"
echo "| round | threads | OpenBLAS | keras2j (bits) | keras2j 256-bit | keras2j / OpenBLAS | load |" >> "$out_md"
echo "|---|---|---|---|---|---|---|" >> "$out_md"
for round in 1 2; do
  "${java_vec[@]}" -cp "$bench_cp" dev.keras2j.bench.GemmPeak 2048 > "$dir/gemm.$round.json" 2>/dev/null
  "${java_vec[@]}" -Dkeras2j.vector.bits=256 -cp "$bench_cp" dev.keras2j.bench.GemmPeak 2048 > "$dir/gemm256.$round.json" 2>/dev/null
  OPENBLAS_NUM_THREADS=2 env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$py" bench/openblas_peak.py 2048 > "$dir/openblas.$round.json"
  "$py" - "$dir" "$round" "$(load)" >> "$out_md" <<'EOF'
import json, sys
d, r, load = sys.argv[1], sys.argv[2], sys.argv[3]
k = json.load(open(f"{d}/gemm.{r}.json"))
k256 = json.load(open(f"{d}/gemm256.{r}.json"))
o = json.load(open(f"{d}/openblas.{r}.json"))
by = lambda doc: {x["threads"]: x["gflops"] for x in doc["results"]}
kb, k2, ob = by(k), by(k256), by(o)
arch = o["openblas"][0]["architecture"] if o["openblas"] else "?"
for t in (1, 2):
    if t in kb and t in ob:
        print(f"| {r} | {t} | {ob[t]:.1f} ({arch}) | {kb[t]:.1f} ({k['vector_bits']}) | {k2.get(t, float('nan')):.1f} "
              f"| **{100 * kb[t] / ob[t]:.0f} %** | {load} |")
EOF
done
echo >> "$out_md"

# --- 3. models ----------------------------------------------------------------------------------------
echo "## Models, median latency in ms (load median ms), each engine in a JVM of its own" >> "$out_md"
echo >> "$out_md"
echo "| model | batch | keras2j | onnxruntime | keras-tf | dl4j | dl4j-import | keras2j / keras-tf | keras2j / onnxruntime |" >> "$out_md"
echo "|---|---|---|---|---|---|---|---|---|" >> "$out_md"
for m in $models; do
  f="fixtures/bench/$m.h5"
  bin/keras2j bench "$f" --engine all --batch 1,32 --seconds "$secs" --loads 3 --json > "$dir/$m.json" 2> "$dir/$m.err" || true
  "$py" bench/keras_reference.py "$f" --batch 1,32 --seconds "$secs" --loads 2 > "$dir/$m.keras-tf.json" 2> "$dir/$m.keras-tf.err" || true
  "$py" - "$dir" "$m" >> "$out_md" <<'EOF'
import json, sys
d, m = sys.argv[1], sys.argv[2]
rows = {}
errors = {}
for name in (f"{m}.json", f"{m}.keras-tf.json"):
    try:
        doc = json.load(open(f"{d}/{name}"))
    except Exception as e:  # a failed run leaves an empty or partial file
        errors[name] = str(e)
        continue
    for r in doc.get("results", []):
        if "error" in r:
            errors[r["engine"]] = r["error"]
        else:
            rows[(r["engine"], r["batch"])] = r
def cell(e, b):
    r = rows.get((e, b))
    if r is None:
        return "refused" if e in errors else "–"
    # †: keras2j's timed calls ran on the portable path (its Vector API warm-up gave up on a crowded host).
    mark = " †" if r.get("vector_ready") is False else ""
    return f"{r['latency_ms_median']:.3g} ({r['load_ms']:.3g}){mark}"
def ratio(a, b, batch):
    x, y = rows.get((a, batch)), rows.get((b, batch))
    if not x or not y:
        return "–"
    q = x["latency_ms_median"] / y["latency_ms_median"]
    return f"{q:.2f}×"
for batch in (1, 32):
    print(f"| {m} | {batch} | " + " | ".join(cell(e, batch) for e in ("keras2j", "onnxruntime", "keras-tf", "dl4j", "dl4j-import"))
          + f" | {ratio('keras2j', 'keras-tf', batch)} | {ratio('keras2j', 'onnxruntime', batch)} |")
for e, why in errors.items():
    print(f"|  | | {e}: {why[:160]} | | | | | | |")
EOF
done
echo >> "$out_md"
echo "(ratio < 1: keras2j faster; \"refused\": the engine gave a reason, in $dir/MODEL.json;" \
  "†: keras2j ran on its portable path, its Vector API warm-up having given up)" >> "$out_md"
echo >> "$out_md"

# --- 4. inspect ---------------------------------------------------------------------------------------
echo "## inspect, end to end as a process (ms, 5 runs after 1 warm-up)" >> "$out_md"
echo >> "$out_md"
bin/keras2j inspect fixtures/bench/cnn.h5 > /dev/null
times=()
for i in 1 2 3 4 5; do
  t0=$(date +%s%N)
  bin/keras2j inspect fixtures/bench/cnn.h5 > /dev/null
  times+=($(( ($(date +%s%N) - t0) / 1000000 )))
done
echo "\`bin/keras2j inspect fixtures/bench/cnn.h5\`: ${times[*]} ms (target: under 1000)" >> "$out_md"
echo >> "$out_md"
echo "- load average at end: $(load)" >> "$out_md"
echo "wrote $out_md" >&2
