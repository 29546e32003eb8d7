#!/usr/bin/env bash
# Makes assets/fonts/DroidSansFallback-GB2312.ttf: Debian's Droid Sans
# Fallback (fonts-droid-fallback, Apache-2.0) cut down with fontTools'
# pyftsubset (python3-fonttools) to CJK punctuation, full-width forms, every
# GB2312 character from U+2E80 up and every character of the Chinese
# interface bundle, and the space. Dev-time only; the result is committed.
# Latin letters are not in it: Fyne falls back to its own font for those.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src=/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
out="$root/assets/fonts/DroidSansFallback-GB2312.ttf"
zh="$root/app/internal/ui/translations/fgdesk.zh.json"
tmp="$(mktemp)"; trap 'rm -f "$tmp"' EXIT
/usr/bin/python3 - "$zh" >"$tmp" <<'PY'
import sys
# The space too: text shaping keeps a space in the run of the character
# before it, so a space after Chinese must be in this font (else a box).
cps = {0x20, 0xA0} | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
for b1 in range(0xA1, 0xF8):
    for b2 in range(0xA1, 0xFF):
        try:
            c = bytes([b1, b2]).decode("gb2312")
        except UnicodeDecodeError:
            continue
        if ord(c) >= 0x2E80:
            cps.add(ord(c))
try:
    cps |= {ord(c) for c in open(sys.argv[1], encoding="utf-8").read() if ord(c) >= 0x2E80}
except FileNotFoundError:
    pass
print(",".join("U+%04X" % c for c in sorted(cps)))
PY
/usr/bin/python3 -m fontTools.subset "$src" --unicodes-file="$tmp" --output-file="$out" --no-hinting --name-IDs='*' --name-legacy
cp /usr/share/doc/fonts-droid-fallback/copyright "$root/assets/fonts/LICENSE-DroidSansFallback.txt"
ls -l "$out"
