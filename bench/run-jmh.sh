#!/usr/bin/env bash
# Builds the benchmark module and runs JMH with the given arguments, e.g.
#   bench/run-jmh.sh GemmBenchmark -p n=2048
#   bench/run-jmh.sh -l            (list benchmarks)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && mvn -q -B -DskipTests -pl bench -am package)
# JMH's forks inherit these JVM options: the kernels run on the Vector API, as under bin/keras2j.
exec java --add-modules jdk.incubator.vector ${KERAS2J_JAVA_OPTS:-} -cp "$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")" org.openjdk.jmh.Main "$@"
