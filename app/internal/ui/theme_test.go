package ui

import (
	"bytes"
	"image"
	"image/png"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// render draws a label with the app's theme and returns the image.
func render(t *testing.T, text string, style fyne.TextStyle) image.Image {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(deskTheme{})
	w := test.NewTempWindow(t, widget.NewLabelWithStyle(text, fyne.TextAlignLeading, style))
	w.Resize(fyne.NewSize(200, 40))
	return w.Canvas().Capture()
}

func ink(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); r < 0x8000 && g < 0x8000 && bl < 0x8000 {
				n++
			}
		}
	}
	return n
}

func pngBytes(img image.Image) []byte {
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// TestCJKGlyphs: Chinese characters are drawn from the bundled font, each
// its own shape (a missing glyph would draw the same box for both).
func TestCJKGlyphs(t *testing.T) {
	if cjkFont.Content() == nil || len(cjkFont.Content()) == 0 {
		t.Fatal("no CJK font")
	}
	for _, style := range []fyne.TextStyle{{}, {Bold: true}, {Monospace: true}} {
		a, b := render(t, "会", style), render(t, "议", style)
		if ink(a) < 20 || ink(b) < 20 {
			t.Errorf("style %+v: hardly any ink (%d, %d)", style, ink(a), ink(b))
		}
		if bytes.Equal(pngBytes(a), pngBytes(b)) {
			t.Errorf("style %+v: 会 and 议 draw the same (a missing-glyph box)", style)
		}
	}
	// Latin text still comes from the default font: same as without the theme.
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.DefaultTheme())
	w := test.NewTempWindow(t, widget.NewLabel("FG Desk"))
	w.Resize(fyne.NewSize(200, 40))
	plain := w.Canvas().Capture()
	if !bytes.Equal(pngBytes(plain), pngBytes(render(t, "FG Desk", fyne.TextStyle{}))) {
		t.Error("Latin text looks different with the CJK theme")
	}
}
