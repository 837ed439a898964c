#!/usr/bin/env bash
# `mvn install` makes keras2j-core usable from another Maven project: installs keras2j-core and its parent
# POM into a throwaway local repository, then builds .ci/consumer (a project that depends on
# dev.keras2j:keras2j-core and nothing else) against it, and runs it on a fixture: its predictions must
# match the Keras reference. ~/.m2 is never written: the throwaway repository starts as a hard-link copy of
# ~/.m2/repository when there is one (files Maven rewrites in place are copied, not linked), else empty (then
# Maven downloads what it needs into it), and it is removed at the end with everything else.
# KERAS2J_MAVEN_OFFLINE=1 runs both builds offline (-o).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
repo="$work/repo"
if [ -d "$HOME/.m2/repository" ]; then
  cp -al "$HOME/.m2/repository" "$repo"
  # Break the links of files Maven may rewrite in place (tracking files, metadata), and leave out any
  # keras2j already there: the consumer must get what this script installs.
  find "$repo" -type f \( -name '*.properties' -o -name '_remote.repositories' -o -name 'maven-metadata*.xml' \
    -o -name '*.lastUpdated' \) -exec sh -c 'for f; do cp -p "$f" "$f.copy" && mv -f "$f.copy" "$f"; done' sh {} +
  rm -rf "$repo/dev/keras2j"
else
  mkdir -p "$repo"
fi
mvn_flags=(-B -q "-Dmaven.repo.local=$repo")
if [ "${KERAS2J_MAVEN_OFFLINE:-0}" = 1 ]; then
  mvn_flags+=(-o)
fi
version="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$root/pom.xml" | head -1)"

echo "installing keras2j-core $version into a throwaway local repository"
(cd "$root" && mvn "${mvn_flags[@]}" install -pl core -am -DskipTests)
for f in keras2j-parent/"$version"/keras2j-parent-"$version".pom keras2j-core/"$version"/keras2j-core-"$version".jar; do
  [ -f "$repo/dev/keras2j/$f" ] || { echo "consumer check: mvn install did not write $f" >&2; exit 1; }
done

echo "building the consumer project against it"
cp -r "$root/.ci/consumer" "$work/consumer"
(cd "$work/consumer" && mvn "${mvn_flags[@]}" "-Dkeras2j.version=$version" compile dependency:build-classpath \
  "-Dmdep.outputFile=$work/classpath.txt")
if grep -q 'deeplearning4j\|spark\|onnx' "$work/classpath.txt"; then
  echo "consumer check: keras2j-core pulls in more than Gson and jhdf: $(cat "$work/classpath.txt")" >&2
  exit 1
fi

fixture="$root/fixtures/models/functional_residual_cnn/functional_residual_cnn"
set +e
out="$(java -cp "$work/consumer/target/classes:$(cat "$work/classpath.txt")" example.Main "$fixture.keras" "$fixture.npz" 2>&1)"
code=$?
set -e
printf '%s\n' "$out"
if [ "$code" -ne 0 ] || ! grep -q PASS <<<"$out"; then
  echo "consumer check failed (exit $code)" >&2
  exit 1
fi
echo "consumer: 1 passed, 0 failed"
