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
shot compose 15 testdata/sample-draft.json

# Check screen over a folder of mixed results (generated corpus sample).
mkdir -p "$work/incoming"
"$bin" corpus --small -o "$work/incoming" >/dev/null
shot check 20 "$work/incoming"

# Register screen: a register with allocations, receipts (on time and
# late), an accepted and a rejected document.
reg="$work/home-register"
mkdir -p "$reg" "$work/reg-in" "$work/root"
"$bin" corpus --small -o "$work/reg-corpus" >/dev/null
titles=("Case study 1: rural broadband and the standardization gap"
        "Case study 2: mobile money and the standardization gap"
        "Case study 3: e-health kiosks and the standardization gap"
        "Case study 4: smart metering and the standardization gap"
        "Case study 5: community networks and the standardization gap"
        "Proposed work plan for FG Innovation")
for t in "${titles[@]}"; do
  FGDESK_HOME="$reg" "$bin" register allocate --title "$t" --source "Example Networks Ltd" --email delegate@example.com >/dev/null
done
for n in 1 2 3 4; do cp -p "$work/reg-corpus/innovation-i-000$n.docx" "$work/reg-in/"; done
touch -d "2012-03-13 10:20 UTC" "$work/reg-in/innovation-i-0004.docx"
FGDESK_HOME="$reg" "$bin" check --db "$reg/register.db" "$work/reg-in" >/dev/null || true
FGDESK_HOME="$reg" "$bin" register accept "$work/reg-in/innovation-i-0001.docx" --root "$work/root" >/dev/null
FGDESK_HOME="$reg" "$bin" register reject 3 --reason "Not in the FG base template" >/dev/null
shot register 15 --tab register
