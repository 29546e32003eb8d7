#!/usr/bin/env bash
# Real-window screenshots under Xvfb, committed under docs/.
#   scripts/screenshots.sh bin/fgdesk
# Needs xvfb-run and ImageMagick's import (make test-deps installs both).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-bin/fgdesk}")
out=docs
mkdir -p "$out"
command -v xvfb-run >/dev/null || { echo "screenshots: xvfb-run missing (make test-deps)"; exit 1; }
IMPORT=/usr/bin/import
[ -x "$IMPORT" ] || { echo "screenshots: ImageMagick import missing (make test-deps)"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shot NAME WAIT ARGS...: run the app with ARGS in a fresh data folder, wait,
# capture the root window.
shot() {
  local name=$1 wait=$2; shift 2
  local home="$work/home-$name"
  mkdir -p "$home"
  FGDESK_HOME="$home" HOME="$home" LANG=en_US.UTF-8 TZ=Europe/Zurich \
    xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
      "$0" "$@" &
      app=$!
      sleep '"$wait"'
      '"$IMPORT"' -window root "'"$work/$name.png"'"
      kill $app 2>/dev/null || true
      wait $app 2>/dev/null || true
    ' "$bin" "$@"
  cp "$work/$name.png" "$out/$name.png"
  echo "screenshots: $out/$name.png"
}

# Compose screen with the sample draft.
shot compose 8 testdata/sample-draft.json

# Check screen over a folder of mixed results (generated corpus sample).
mkdir -p "$work/incoming"
"$bin" corpus --small -o "$work/incoming" >/dev/null
shot check 12 "$work/incoming"

# Register screen (seeded register).
if "$bin" register --help >/dev/null 2>&1; then
  reg="$work/home-register"
  mkdir -p "$reg"
  for t in "Outline of the innovation report" "Innovation in developing countries" "Standardization gaps in M2M"; do
    FGDESK_HOME="$reg" "$bin" register allocate --title "$t" --source "Example Telecom" >/dev/null
  done
  shot register 8 --tab register
fi
