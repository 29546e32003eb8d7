package ui

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
)

// TestShots renders each tab with the software painter into
// $FGDESK_SHOTS/*.png, for looking at layouts quickly. It is skipped
// unless FGDESK_SHOTS is set; real-window screenshots come from
// scripts/screenshots.sh.
func TestShots(t *testing.T) {
	dir := os.Getenv("FGDESK_SHOTS")
	if dir == "" {
		t.Skip("set FGDESK_SHOTS=DIR to render the screens")
	}
	f := newFixture(t, "../../../testdata/sample-draft.json")
	f.w.Resize(fyne.NewSize(1280, 800))
	for i, name := range []string{"compose", "check", "register", "dates"} {
		f.win.tabs.SelectIndex(i)
		img := f.w.Canvas().Capture()
		out, err := os.Create(filepath.Join(dir, "test-"+name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		png.Encode(out, img)
		out.Close()
		t.Logf("window %v, content min %v", f.w.Canvas().Size(), f.w.Content().MinSize())
	}
}
