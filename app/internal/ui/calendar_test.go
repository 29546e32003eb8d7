package ui

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestAddToCalendar(t *testing.T) {
	f := newFixture(t)
	var opened []string
	f.win.h.openURL = func(u *url.URL) error { opened = append(opened, u.String()); return nil }
	var infos []string
	f.win.h.showInfo = func(title, msg string) { infos = append(infos, title+": "+msg) }
	f.save = filepath.Join(t.TempDir(), "fg")
	f.win.tabs.SelectIndex(3)
	var btn *widget.Button
	for _, o := range test.LaidOutObjects(f.win.tabs.Items[3].Content) {
		if b, ok := o.(*widget.Button); ok && strings.HasPrefix(b.Text, "Add to calendar") {
			btn = b
		}
	}
	if btn == nil {
		t.Fatal("no Add to calendar button on the Key dates screen")
	}
	test.Tap(btn)
	data, err := os.ReadFile(f.save + ".ics")
	if err != nil {
		t.Fatalf("calendar not saved: %v (errors %v)", err, f.errs)
	}
	if !strings.Contains(string(data), "DTSTART;TZID=Europe/Zurich:20120320T171500") {
		t.Errorf("saved calendar lacks the wrap-up at 17:15:\n%.500s", data)
	}
	if len(opened) != 1 || !strings.HasPrefix(opened[0], "file://") || !strings.HasSuffix(opened[0], "/fg.ics") {
		t.Errorf("opened %v", opened)
	}
	if len(infos) != 1 || !strings.Contains(infos[0], "12 sessions") {
		t.Errorf("info %v", infos)
	}
}
