#!/usr/bin/env bash
# Windows verified on Linux (issue 12): builds fgdesk.exe (scripts/winbuild.sh;
# or takes EXE), runs its commands under Debian's wine64 and compares them with
# the Linux binary: `version`, `export` of the sample draft, `check` of the
# export (pass, late, missing file), exit codes and output alike; the data
# folder is %AppData%\fgdesk. Go 1.26 programs need bcryptprimitives.dll's
# ProcessPrng, which Wine 8.0 lacks: a tiny stand-in DLL is built with mingw
# into a temporary WINEPREFIX's system32 (docs/fyne-notes: test use only).
#   scripts/wine-test.sh LINUX_BINARY [EXE]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
lin="$(realpath "$1")" exe="${2:-}"
wine="$(command -v wine64 || true)"; [ -n "$wine" ] || [ ! -x /usr/lib/wine/wine64 ] || wine=/usr/lib/wine/wine64
cc=x86_64-w64-mingw32-gcc
if [ -z "$wine" ] || ! command -v "$cc" >/dev/null; then
  msg="wine-test: SKIP: needs wine64 and gcc-mingw-w64-x86-64-win32 (scripts/deps.sh test)"
  [ "${CI:-}" = true ] && { echo "$msg" >&2; exit 1; }
  echo "$msg"; exit 0
fi
tmp="$(mktemp -d)"
export WINEPREFIX="$tmp/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
cleanup() { wineserver -k 2>/dev/null || /usr/lib/wine/wineserver -k 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
if [ -z "$exe" ]; then
  exe="$tmp/fgdesk.exe"
  version="$("$lin" version | awk '{print $2}')"
  "$root/scripts/winbuild.sh" "$exe" "$version" 0
fi
exe="$(realpath "$exe")"
objdump=x86_64-w64-mingw32-objdump
if command -v "$objdump" >/dev/null; then
  pe="$("$objdump" -p "$exe")"
  grep -q 'Subsystem.*(Windows GUI)' <<<"$pe" || { echo "wine-test: $exe is not a GUI-subsystem program" >&2; exit 1; }
  rsrc=$(( 16#$("$objdump" -h "$exe" | awk '$2 == ".rsrc" {print $3}') ))
  [ "$rsrc" -gt 16000 ] || { echo "wine-test: $exe has no icon resource (.rsrc is $rsrc bytes)" >&2; exit 1; }
fi
LC_ALL=C grep -qaP 'F\x00i\x00l\x00e\x00D\x00e\x00s\x00c\x00r\x00i\x00p\x00t\x00i\x00o\x00n' "$exe" || { echo "wine-test: $exe has no version resource" >&2; exit 1; }

cat > "$tmp/prng.c" <<'C'
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buf, ULONG len); /* RtlGenRandom */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len > 0) {
    ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
    if (!SystemFunction036(data, n)) return FALSE;
    data += n; len -= n;
  }
  return TRUE;
}
C
"$cc" -shared -O2 -o "$tmp/bcryptprimitives.dll" "$tmp/prng.c" -ladvapi32
"$wine" wineboot -i >/dev/null 2>&1 || true
cp "$tmp/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"

fails=0
# run SIDE NAME ARGS...: runs the command in $tmp/SIDE, keeps out, err, code.
run() {
  local side="$1" name="$2"; shift 2
  local bin=("$lin"); [ "$side" = win ] && bin=("$wine" "$exe")
  set +e
  # Both sides start with an empty data folder: the fresh prefix's
  # %AppData%, and a temporary XDG config folder on Linux.
  (cd "$tmp/$side" && FGDESK_HOME= XDG_CONFIG_HOME="$tmp/lin-config" "${bin[@]}" "$@" >"$name.out" 2>"$name.err"; echo $? >"$name.code")
  set -e
}
for side in lin win; do
  mkdir -p "$tmp/$side/out"
  cp "$root/testdata/sample-draft.json" "$root/testdata/figure1.png" "$tmp/$side/"
done
cases=(
  "version|version"
  "export|export sample-draft.json -o out"
  "check|check --as-of 2012-03-01 out/innovation-i-0012.docx"
  "late|check --as-of 2012-03-13T09:00 out/innovation-i-0012.docx"
  "missing|check --as-of 2012-03-01 out/nothing.docx"
  "list|register list"
)
for c in "${cases[@]}"; do
  name="${c%%|*}" args="${c#*|}"
  # shellcheck disable=SC2086
  run lin "$name" $args
  # shellcheck disable=SC2086
  run win "$name" $args
  for k in code out err; do
    # Windows prints CRLF and backslashes in paths; the rest must be the same.
    # The system's own error text ("no such file or directory" / "File not
    # found.") after the last colon is the OS's, not ours.
    norm=(cat); [ "$name" = missing ] && [ "$k" = err ] && norm=(sed 's/: [^:]*$//')
    if ! diff <(tr -d '\r' <"$tmp/lin/$name.$k" | "${norm[@]}") <(tr -d '\r' <"$tmp/win/$name.$k" | sed 's#\\#/#g' | "${norm[@]}") >"$tmp/diff"; then
      echo "wine-test: FAIL $name: $k differs (Linux < > Windows):"; cat "$tmp/diff"; fails=$((fails+1))
    fi
  done
  echo "wine-test: $name: exit $(cat "$tmp/win/$name.code"): $(head -c 120 "$tmp/win/$name.out" | head -1 | tr -d '\r')"
done
[ "$(cat "$tmp/win/check.code")" = 0 ] && [ "$(cat "$tmp/win/late.code")" = 1 ] && [ "$(cat "$tmp/win/missing.code")" = 2 ] ||
  { echo "wine-test: FAIL: exit codes check/late/missing are $(cat "$tmp"/win/{check,late,missing}.code | tr '\n' ' '), want 0 1 2"; fails=$((fails+1)); }
appdata="$(find "$WINEPREFIX/drive_c/users" -path '*/AppData/Roaming/fgdesk' -type d | head -1)"
if [ -z "$appdata" ] || [ -z "$(ls -A "$appdata")" ]; then
  echo "wine-test: FAIL: no data folder under %AppData%\\fgdesk"; fails=$((fails+1))
else
  echo "wine-test: data folder ${appdata#"$WINEPREFIX/drive_c/"}: $(ls "$appdata" | tr '\n' ' ')"
fi
[ "$fails" = 0 ] || exit 1
echo "wine-test: ok"
