package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestRuleHelp: the Help menu has Rules; the view lists the catalogue,
// search narrows it, and a rule shows its doc.
func TestRuleHelp(t *testing.T) {
	f := newFixture(t)
	menu := f.w.MainMenu()
	if menu == nil || len(menu.Items) == 0 || menu.Items[0].Label != "Help" || menu.Items[0].Items[0].Label != "Rules" {
		t.Fatalf("main menu = %+v, want Help > Rules", menu)
	}
	rh := newRuleHelp()
	test.NewTempWindow(t, rh.content())
	if len(rh.shown) < 60 {
		t.Fatalf("%d rules listed, want the whole catalogue", len(rh.shown))
	}
	tests := []struct {
		query, want string
		n           int // -1: at least one
	}{
		{"SEC-DDE", "SEC-DDE", 1},
		{"zip bomb", "SEC-ZIP-BOMB", -1},
		{"REG-UNAVAILABLE", "REG-UNAVAILABLE", 1},
		{"no-such-rule-text", "", 0},
	}
	for _, tt := range tests {
		rh.search.SetText(tt.query)
		if tt.n >= 0 && len(rh.shown) != tt.n || tt.n < 0 && len(rh.shown) == 0 {
			t.Errorf("%q: %d rules shown", tt.query, len(rh.shown))
			continue
		}
		if tt.want == "" {
			continue
		}
		rh.show(tt.want)
		if !strings.HasPrefix(rh.heading.Text, tt.want+":") || len(rh.doc.Text) < 80 {
			t.Errorf("%q: heading %q doc %q", tt.query, rh.heading.Text, rh.doc.Text)
		}
	}
	rh.search.SetText("macro")
	rh.show("FILE-UNREADABLE") // hidden by the search: shown after clearing it
	if rh.search.Text != "" || !strings.HasPrefix(rh.heading.Text, "FILE-UNREADABLE") {
		t.Errorf("show of a hidden rule: search %q heading %q", rh.search.Text, rh.heading.Text)
	}
}
