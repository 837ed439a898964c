#!/usr/bin/env bash
# The distribution archive on a machine without Maven: unpack it into a folder whose path has a space, run
# inspect and validate from another working directory with Maven removed from PATH, and compare with
# bin/keras2j. Then the launcher's stderr: no incubator warning, other lines and exit codes kept.
# Needs the archive built (mvn -B package -DskipTests).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
archive="$(ls "$root"/dist/target/keras2j-*.tar.gz | head -1)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
home_dir="$work/unpacked here/with space"
mkdir -p "$home_dir"
tar -xzf "$archive" -C "$home_dir"
keras2j="$(ls -d "$home_dir"/keras2j-*/bin/keras2j)"
for f in bin/keras2j bin/keras2j.bat completion/keras2j_completion LICENSES/THIRD-PARTY.txt README.md; do
  [ -e "$(dirname "$(dirname "$keras2j")")/$f" ] || { echo "archive lacks $f" >&2; exit 1; }
done

# A PATH with the tools the launcher uses and java, but no mvn.
tools="$work/tools"
mkdir -p "$tools"
for t in bash env dirname readlink sed cut grep cat; do
  ln -s "$(command -v "$t")" "$tools/$t"
done
ln -s "$(readlink -f "$(command -v java)")" "$tools/java"
nomvn="$tools"
if PATH="$nomvn" command -v mvn >/dev/null 2>&1; then
  echo "mvn still on the test PATH" >&2
  exit 1
fi

fixture="$root/fixtures/models/functional_residual_cnn/functional_residual_cnn"
failed=0
check() { # name, then the command's arguments
  local name="$1"
  shift
  local want got
  want="$("$root/bin/keras2j" "$@" 2>&1)" || true
  got="$(cd "$work" && env -i HOME="$work" PATH="$nomvn" "$keras2j" "$@" 2>&1)" || true
  if [ "$want" != "$got" ] || [ -z "$got" ]; then
    echo "dist $name differs from bin/keras2j:" >&2
    diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") >&2 || true
    failed=$((failed + 1))
  fi
}
check "inspect" inspect "$fixture.keras"
check "inspect --json" inspect --json "$fixture.h5"
check "validate" validate --per-layer "$fixture.keras" "$fixture.npz"

# stderr: the incubator warning is gone, an error line and its exit code are kept.
set +e
err="$(cd "$work" && env -i HOME="$work" PATH="$nomvn" "$keras2j" validate "$work/missing.h5" "$fixture.npz" 2>&1 >/dev/null)"
code=$?
ok_err="$(cd "$work" && env -i HOME="$work" PATH="$nomvn" "$keras2j" validate "$fixture.keras" "$fixture.npz" 2>&1 >/dev/null)"
set -e
if [ "$code" -ne 3 ] || [ "$err" != "keras2j: $work/missing.h5: file not found" ] || [ -n "$ok_err" ]; then
  echo "dist stderr: exit $code, stderr '$err' and '$ok_err'" >&2
  failed=$((failed + 1))
fi
# JAVA_HOME instead of PATH.
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
out="$(cd "$work" && env -i HOME="$work" PATH="$tools" JAVA_HOME="$java_home" "$keras2j" --version)"
case "$out" in keras2j*) ;; *) echo "dist with JAVA_HOME: $out" >&2; failed=$((failed + 1)) ;; esac
echo "dist archive: $((5 - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
