#!/usr/bin/env bash
# Renders assets/icon/fgdesk.svg to the PNG sizes desktops and packagers use
# and builds the Windows .ico from them. Dev-time only (needs librsvg2-bin);
# the results are committed, and assets/assets_test.go checks they match the
# SVG's sizes.
set -euo pipefail
cd "$(dirname "$0")/../assets/icon"
for s in 16 24 32 48 64 128 256 512; do
  rsvg-convert -w "$s" -h "$s" fgdesk.svg -o "fgdesk-$s.png"
done
cp fgdesk-512.png fgdesk.png
