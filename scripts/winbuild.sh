#!/usr/bin/env bash
# Cross-compiles fgdesk.exe for Windows amd64 with Debian's mingw-w64
# (gcc-mingw-w64-x86-64-win32): GUI subsystem (no console window from the
# Start menu; commands attach to the caller's console, app/console_windows.go),
# icon and version resource embedded (scripts/winres + windres -> .syso).
#   scripts/winbuild.sh OUT.exe VERSION BUILD
# Cold: about 6-7 minutes (go-gl's cgo file); run one at a time.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$1" version="$2" build="${3:-0}"
cc=x86_64-w64-mingw32-gcc windres=x86_64-w64-mingw32-windres
command -v "$cc" >/dev/null && command -v "$windres" >/dev/null || {
  echo "winbuild: $cc/$windres missing: apt-get install gcc-mingw-w64-x86-64-win32" >&2; exit 1; }
res="$(mktemp -d)"; syso="$root/app/rsrc_windows_amd64.syso"
trap 'rm -rf "$res" "$syso"' EXIT
cd "$root"
go run ./scripts/winres -version "$version" -build "$build" -o "$res"
"$windres" -O coff -I "$res" -o "$syso" "$res/fgdesk.rc"
GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC="$cc" \
  go build -ldflags="-H=windowsgui -s -w -X github.com/fgdesk/fgdesk/app/internal/cli.Version=$version" -o "$out" ./app
echo "winbuild: $out"
