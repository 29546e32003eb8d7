// Package assets embeds what FG Desk ships besides code: the app icon (an
// SVG source and PNGs rendered from it by scripts/icons.sh) and the CJK font
// the interface uses for Chinese, Japanese and Korean text (a subset of
// Droid Sans Fallback, Apache-2.0, made by scripts/cjkfont.sh; licence in
// fonts/LICENSE-DroidSansFallback.txt).
//
// The package has no Fyne dependency: the window, the theme and the
// packaging tools take the bytes from here.
package assets

import (
	"bytes"
	"embed"
	"encoding/binary"
	"fmt"
	"image/png"
	"path"
)

//go:embed icon/*.png icon/fgdesk.svg
var icons embed.FS

//go:embed fonts/DroidSansFallback-GB2312.ttf
var cjkFont []byte

// IconSizes are the square PNG sizes of the icon, in pixels.
var IconSizes = []int{16, 24, 32, 48, 64, 128, 256, 512}

// Icon returns the 512-pixel PNG icon (what the window and fyne package use).
func Icon() []byte { return mustRead("icon/fgdesk.png") }

// IconPNG returns the PNG of one size from IconSizes.
func IconPNG(size int) ([]byte, error) {
	return icons.ReadFile(path.Join("icon", fmt.Sprintf("fgdesk-%d.png", size)))
}

// IconSVG returns the icon's SVG source.
func IconSVG() []byte { return mustRead("icon/fgdesk.svg") }

// CJKFontName is the file name of the embedded CJK font.
const CJKFontName = "DroidSansFallback-GB2312.ttf"

// CJKFont returns the embedded CJK font (TrueType): the CJK punctuation,
// the full-width forms and every character of GB2312 from U+2E80 up, plus
// every character the Chinese interface uses. It has no Latin letters; text
// falls back to the default font for those.
func CJKFont() []byte { return cjkFont }

func mustRead(name string) []byte {
	b, err := icons.ReadFile(name)
	if err != nil {
		panic("assets: " + err.Error()) // embedded; caught by tests
	}
	return b
}

// ICO returns a Windows icon file holding the PNG sizes up to 256 (PNG
// entries, as Windows Vista and later read them).
func ICO() ([]byte, error) {
	var imgs [][]byte
	var sizes []int
	for _, s := range IconSizes {
		if s > 256 {
			continue
		}
		b, err := IconPNG(s)
		if err != nil {
			return nil, err
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("icon %d: %w", s, err)
		}
		if cfg.Width != s || cfg.Height != s {
			return nil, fmt.Errorf("icon fgdesk-%d.png is %dx%d", s, cfg.Width, cfg.Height)
		}
		imgs = append(imgs, b)
		sizes = append(sizes, s)
	}
	var out bytes.Buffer
	le := binary.LittleEndian
	w := func(v any) { binary.Write(&out, le, v) }
	w([3]uint16{0, 1, uint16(len(imgs))}) // reserved, type icon, count
	off := 6 + 16*len(imgs)
	for i, b := range imgs {
		dim := uint8(sizes[i] % 256) // 0 means 256
		w([4]uint8{dim, dim, 0, 0})  // width, height, colours, reserved
		w([2]uint16{1, 32})          // planes, bits per pixel
		w([2]uint32{uint32(len(b)), uint32(off)})
		off += len(b)
	}
	for _, b := range imgs {
		out.Write(b)
	}
	return out.Bytes(), nil
}
