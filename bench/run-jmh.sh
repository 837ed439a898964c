#!/usr/bin/env bash
# Builds the benchmark module and runs JMH with the given arguments, e.g.
#   bench/run-jmh.sh GemmBenchmark -p n=2048
#   bench/run-jmh.sh -l            (list benchmarks)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && mvn -q -B -DskipTests -pl bench -am package)
exec java -cp "$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")" org.openjdk.jmh.Main "$@"
