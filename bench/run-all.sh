#!/usr/bin/env bash
# Runs every measurement behind docs/benchmarks.md and writes JSON into docs/bench-results/:
#   bench/run-all.sh [SECONDS_PER_BATCH]
# Ratios are only meaningful within one run: every engine measures each model back to back.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
secs="${1:-3}"
out=docs/bench-results
mkdir -p "$out"
py=${PYTHON:-.venv/bin/python}
[ -f fixtures/bench/large.h5 ] || "$py" fixtures/bench/generate_bench.py
{
  echo "nproc: $(nproc)"
  grep -m1 'model name' /proc/cpuinfo
  java -version 2>&1 | head -2
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  date -u
} > "$out/machine.txt"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$py" bench/openblas_peak.py 2048 > "$out/openblas_peak.json"
mvn -q -B -DskipTests -pl bench -am package
bench_cp="bench/target/classes:$(cat bench/target/classpath.txt)"
java --add-modules jdk.incubator.vector -cp "$bench_cp" dev.keras2j.bench.GemmPeak 2048 > "$out/gemm_peak.json"
java -cp "$bench_cp" dev.keras2j.bench.GemmPeak 2048 > "$out/gemm_peak.portable.json"
for m in mlp cnn lstm gru large; do
  bin/keras2j bench "fixtures/bench/$m.h5" --engine all --batch 1,32 --seconds "$secs" --loads 6 --json > "$out/$m.json"
  "$py" bench/keras_reference.py "fixtures/bench/$m.h5" --batch 1,32 --seconds "$secs" --loads 3 > "$out/$m.keras-tf.json"
  bin/keras2j bench "fixtures/bench/$m.h5" --engine keras2j --batch 32 --threads 1 --seconds "$secs" --loads 2 --json > "$out/$m.threads1.json"
  KERAS2J_VECTOR=off bin/keras2j bench "fixtures/bench/$m.h5" --engine keras2j --batch 1,32 --seconds "$secs" --loads 2 --json > "$out/$m.portable.json"
  # Two threads against one on a large batch, back to back.
  for t in 1 2; do
    bin/keras2j bench "fixtures/bench/$m.h5" --engine keras2j --batch 256 --threads "$t" --seconds "$secs" --loads 2 --json > "$out/$m.b256.threads$t.json"
  done
done
corpus=${KERAS2J_CORPUS:-../shared/corpus/dl4j-suite}
if [ -d "$corpus" ]; then
  for f in dl4j-issue-9560-conv1d-bn/issue_9560.h5 dl4j-dcgan-generator/dcgan_generator.h5 \
           dl4j-wgan-discriminator/wgan_discriminator.h5 dl4j-cnn1d-flatten/cnn1d_flatten_tf_keras2.h5 \
           dl4j-simple-lstm-tf-k2/simple_lstm_tf_keras_2_model.h5; do
    name="corpus-$(basename "$f" .h5)"
    bin/keras2j bench "$corpus/$f" --engine all --batch 1,32 --seconds "$secs" --loads 40 --json > "$out/$name.json"
  done
fi
echo "wrote $out"
