#!/usr/bin/env bash
# Runs every `func FuzzXxx` in the module for FUZZTIME (default 5s) each.
# -fuzzminimizetime 1x: a short run should explore, not spend its seconds
# shrinking interesting inputs.
# A crasher is written under the package's testdata/fuzz and fails the run;
# commit it as a regression case.
set -euo pipefail
cd "$(dirname "$0")/.."
t=${FUZZTIME:-5s}
grep -rl --include='*_test.go' -E '^func Fuzz[A-Za-z0-9_]+\(' app | sort | while read -r f; do
  pkg="./$(dirname "$f")"
  grep -oE '^func Fuzz[A-Za-z0-9_]+' "$f" | sed 's/^func //' | while read -r fn; do
    echo "fuzz $pkg $fn ($t)"
    go test -run '^$' -fuzz "^${fn}\$" -fuzztime "$t" -fuzzminimizetime 1x -parallel 2 "$pkg" >/tmp/fuzz.$$.log 2>&1 || { cat /tmp/fuzz.$$.log; exit 1; }
  done
done
