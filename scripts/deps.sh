#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages FG Desk needs, skipping what is there.
#   scripts/deps.sh build   gcc and the X11/GL headers Fyne's cgo build needs
#   scripts/deps.sh test    the above, plus Xvfb, ImageMagick, LibreOffice
#                           (Writer and Calc, no GUI), poppler-utils, python3-docx
#                           and Liberation fonts (metric-compatible Times New
#                           Roman, so LibreOffice lays the header table out as Word)
# As root it runs apt-get; otherwise it uses sudo when that needs no password;
# otherwise it prints the apt-get line to run and carries on (tests that need
# a missing tool skip and say so).
set -euo pipefail

build=(gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxi-dev
       libxinerama-dev libxrandr-dev libxxf86vm-dev)
test=(xvfb xauth imagemagick libreoffice-writer-nogui libreoffice-calc-nogui
      poppler-utils python3-docx fonts-liberation2)
test+=(xdotool)  # real-window typing checks of the compose screen (issue 7)
test+=(python3-pyftpdlib python3-openssl)  # transfer tests: a real FTP server with TLS (issue 11)
test+=(postgresql)  # register on a team server: tests start a real PostgreSQL (issue 13)
test+=(python3-msoffcrypto-tool libreoffice-impress-nogui)  # decryption cross-check, LibreOffice precision set (issue 9)
test+=(python3-icalendar wine64 gcc-mingw-w64-x86-64-win32 zip fonts-droid-fallback)  # calendar parser; Windows exe built, zipped, run under Wine; CJK font for LibreOffice (issue 12)

want=("${build[@]}")
[ "${1:-build}" = test ] && want+=("${test[@]}")

command -v dpkg-query >/dev/null 2>&1 || { echo "deps: not a Debian/Ubuntu system; install the equivalents of: ${want[*]}"; exit 0; }

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "deps: missing packages: ${missing[*]}"
  echo "deps: run: sudo apt-get install --no-install-recommends ${missing[*]}"
  exit 0
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
stamp=/tmp/.fgdesk-apt-updated
if [ ! -e "$stamp" ]; then
  "${sudo[@]}" apt-get update -qq && touch "$stamp"
fi
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
