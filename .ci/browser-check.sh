#!/usr/bin/env bash
# Pictures in a real browser: headless Chromium screenshots the --graph SVG of a branching model (the
# residual CNN), of a plain CNN and of models nested two levels deep (the outer one shared), and a validate
# --html page; every layer name, and every nested model's group label, must be in the SVG's text and no
# screenshot may be blank. The screenshots are left in $KERAS2J_SHOTS (default: a temporary folder) to look at.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
shots="${KERAS2J_SHOTS:-$(mktemp -d)}"
mkdir -p "$shots"
failed=0
passed=0
# The group labels of the nested models (name (class[, called N times])).
declare -A groups=([nested_two_levels_shared]="encoder (Functional, called 2 times)|projection (Sequential)")
for name in functional_residual_cnn shapes_cnn nested_two_levels_shared; do
  model="$root/fixtures/models/$name/$name.keras"
  svg="$shots/$name.svg"
  "$root/bin/keras2j" inspect "$model" --graph "$svg" >/dev/null
  # Every input and layer name, as inspect --json lists them, is text in the SVG.
  names="$("$root/bin/keras2j" inspect --json "$model" | grep -o '"name": "[^"]*"' | cut -d'"' -f4)"
  missing=0
  for n in $names; do
    grep -q ">$n<" "$svg" || { echo "$name: '$n' is not in the SVG" >&2; missing=1; }
  done
  IFS='|' read -r -a labels <<<"${groups[$name]:-}"
  for label in ${labels[@]+"${labels[@]}"}; do
    grep -qF ">$label<" "$svg" || { echo "$name: group '$label' is not in the SVG" >&2; missing=1; }
  done
  w="$(grep -o "width='[0-9.]*'" "$svg" | head -1 | grep -o '[0-9]*' | head -1)"
  h="$(grep -o "height='[0-9.]*'" "$svg" | head -1 | grep -o '[0-9]*' | head -1)"
  timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
      --window-size="$((w + 20)),$((h + 20))" --screenshot="$shots/$name.png" "file://$svg" >/dev/null 2>&1 || true
  if [ "$missing" -eq 0 ] && [ -s "$shots/$name.png" ] && java "$root/.ci/PictureCheck.java" "$shots/$name.png"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
done
# The validate --per-layer --html page of the residual CNN.
model="$root/fixtures/models/functional_residual_cnn/functional_residual_cnn"
"$root/bin/keras2j" validate --per-layer --html "$shots/report.html" "$model.keras" "$model.npz" >/dev/null
timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1000,760 \
    --screenshot="$shots/report.png" "file://$shots/report.html" >/dev/null 2>&1 || true
if grep -q 'class="tol"' "$shots/report.html" && [ -s "$shots/report.png" ] && java "$root/.ci/PictureCheck.java" "$shots/report.png"; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi
echo "browser pictures ($shots): $passed passed, $failed failed"
[ "$failed" -eq 0 ]
