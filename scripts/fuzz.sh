#!/usr/bin/env bash
# Runs every `func FuzzXxx` in the module for FUZZTIME (default 5s) each.
# -fuzzminimizetime 1x: a short run should explore, not spend its seconds
# shrinking interesting inputs.
#
# A crasher is written under the package's testdata/fuzz and fails the run;
# commit it as a regression case. Go 1.26's fuzz coordinator can also fail a
# target with a bare "context deadline exceeded" at the -fuzztime boundary
# under CPU load (golang/go#75804, fixed in Go 1.27): no input is written and
# nothing was found. Such a run is retried once; if it happens again it is
# reported as a warning, not a failure. Anything else fails.
set -euo pipefail
cd "$(dirname "$0")/.."
t=${FUZZTIME:-5s}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# deadline_flake LOG: the run failed only by the coordinator's deadline race.
deadline_flake() {
  grep -q "context deadline exceeded" "$1" &&
    ! grep -qE "Failing input written to|panic:|_test.go:[0-9]+:" "$1"
}

targets=$(grep -rl --include='*_test.go' -E '^func Fuzz[A-Za-z0-9_]+\(' app | sort | while read -r f; do
  grep -oE '^func Fuzz[A-Za-z0-9_]+' "$f" | sed "s|^func |./$(dirname "$f") |"
done)

while read -r pkg fn; do
  [ -n "$pkg" ] || continue
  echo "fuzz $pkg $fn ($t)"
  for attempt in 1 2; do
    if go test -run '^$' -fuzz "^${fn}\$" -fuzztime "$t" -fuzzminimizetime 1x -parallel 2 "$pkg" >"$log" 2>&1; then
      break
    fi
    if deadline_flake "$log"; then
      if [ "$attempt" = 1 ]; then
        echo "  $fn: fuzztime deadline race (golang/go#75804), no input found; retrying once"
        continue
      fi
      echo "  warning: $fn hit the fuzztime deadline race twice; no failing input was found"
      break
    fi
    cat "$log"
    exit 1
  done
done <<<"$targets"
