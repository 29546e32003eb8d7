#!/usr/bin/env bash
# `make dist`: builds the installable packages into dist/, each named with
# version, OS and architecture, and SHA256SUMS:
#   fgdesk-V-linux-amd64             the plain Linux binary
#   fgdesk-V-linux-amd64.tar.xz      fyne package: binary, .desktop file, icon, Makefile (make user-install)
#   fgdesk-V-windows-amd64.exe       the Windows program (GUI and commands in one exe)
#   fgdesk-V-windows-amd64.zip       the same exe as fgdesk.exe with README.txt
# macOS needs Apple's SDK: on a Mac run `fyne package -os darwin` (README).
# fyne package rewrites FyneApp.toml (Build, indentation); it is restored.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
field() { sed -n "s/^ *$1 *= *\"\{0,1\}\([^\"]*\)\"\{0,1\} *$/\1/p" FyneApp.toml | head -1; }
version="$(field Version)" build="$(field Build)"
[ -n "$version" ] || { echo "dist: no Version in FyneApp.toml" >&2; exit 1; }
fyne="${FYNE:-$(go env GOPATH)/bin/fyne}"
if ! "$fyne" version 2>/dev/null | grep 'cli version' | grep -q 'v1\.7\.4'; then
  echo "dist: installing fyne.io/tools/cmd/fyne@v1.7.4"
  go install fyne.io/tools/cmd/fyne@v1.7.4
fi
rm -rf dist && mkdir -p dist
ldx="-X github.com/fgdesk/fgdesk/app/internal/cli.Version=$version"

lin="fgdesk-$version-linux-amd64"
echo "dist: $lin"
go build -ldflags="-s -w $ldx" -o "dist/$lin" ./app

echo "dist: $lin.tar.xz (fyne package)"
pk="$(mktemp -d)"; toml="$(mktemp)"
cp FyneApp.toml "$toml"
trap 'cp "$toml" FyneApp.toml; rm -rf "$pk" "$toml"' EXIT
cp "dist/$lin" "$pk/fgdesk"
"$fyne" package -os linux --exe "$pk/fgdesk" --name "FG Desk" --icon assets/icon/fgdesk.png \
  --app-id org.fgdesk.desk --app-version "$version" --app-build "${build:-1}" --release
cp "$toml" FyneApp.toml
mv "FG Desk.tar.xz" "dist/$lin.tar.xz"
list="$(tar tJf "dist/$lin.tar.xz")"
for want in applications/org.fgdesk.desk.desktop pixmaps/org.fgdesk.desk.png bin/fgdesk; do
  grep -q "$want" <<<"$list" || { echo "dist: $want is not in the tarball" >&2; exit 1; }
done

win="fgdesk-$version-windows-amd64"
echo "dist: $win.exe (mingw cross-build)"
scripts/winbuild.sh "dist/$win.exe" "$version" "${build:-0}"
z="$pk/$win"; mkdir -p "$z"
cp "dist/$win.exe" "$z/fgdesk.exe"
sed "s/@VERSION@/$version/g" scripts/README-windows.txt | sed 's/$/\r/' > "$z/README.txt"
cp assets/fonts/LICENSE-DroidSansFallback.txt "$z/"
(cd "$pk" && zip -q -r -X "$root/dist/$win.zip" "$win")

(cd dist && sha256sum -- * > SHA256SUMS)
echo "dist: done"; ls -l dist
