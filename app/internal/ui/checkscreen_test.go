package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// checkFolder writes files (name -> content) into a new folder.
func checkFolder(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	when := time.Date(2012, 3, 10, 12, 0, 0, 0, time.UTC)
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, when, when)
	}
	return dir
}

const badPDF = "%PDF-1.4\n1 0 obj << /OpenAction 2 0 R /JavaScript 3 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

// TestCheckDetailsFollowFile: the details pane shows the selected file
// through every sort, is cleared by a check of other files, and follows
// the file through a re-check of the same folder.
func TestCheckDetailsFollowFile(t *testing.T) {
	f := newFixture(t)
	s := f.win.check
	a := checkFolder(t, map[string]string{"innovation-i-0014.pdf": badPDF, "notes.txt": "hello", "Innovation-I-0015.pdf": badPDF})
	waitRun(t, s, func() { s.setPaths([]string{a}) })
	if len(s.rows) != 3 {
		t.Fatalf("%d rows", len(s.rows))
	}
	want := filepath.Join(a, "notes.txt")
	for i, r := range s.rows {
		if r.Path == want {
			s.table.Select(widget.TableCellID{Row: i, Col: 0})
		}
	}
	shows := func(when string) {
		t.Helper()
		if s.selected < 0 || s.rows[s.selected].Path != want || !strings.Contains(s.facts.Text, want) {
			t.Errorf("%s: selected %d, details %q, want %s", when, s.selected, s.facts.Text, want)
		}
	}
	shows("after select")
	for _, col := range []int{0, 0, 1, 2, 5, 6, 1} {
		s.sortBy(col)
		shows("after sorting by " + checkColumns[col])
	}
	waitRun(t, s, func() { s.run([]string{a}) })
	shows("after checking the same folder again")

	b := checkFolder(t, map[string]string{"innovation-i-0020.pdf": badPDF})
	waitRun(t, s, func() { s.setPaths([]string{b}) })
	if s.selected != -1 || s.facts.Text != "" || len(s.details.shown) != 0 {
		t.Errorf("after a check of another folder: selected %d, details %q, %d findings", s.selected, s.facts.Text, len(s.details.shown))
	}
}

// TestCheckColumnsFit: every header and the widest verdict fit their column.
func TestCheckColumnsFit(t *testing.T) {
	f := newFixture(t)
	s := f.win.check
	f.w.Resize(fyne.NewSize(1280, 800))
	for i, h := range checkColumns {
		need := fyne.MeasureText(h, theme.TextSize(), fyne.TextStyle{}).Width + theme.IconInlineSize()
		if i == 1 {
			need = max(need, fyne.MeasureText("WARNING", theme.TextSize(), fyne.TextStyle{Bold: true}).Width)
		}
		// a Label inside a cell pads its text on both sides
		if got := s.colWidths[i]; got < need+2*theme.InnerPadding() {
			t.Errorf("column %s is %v wide, needs %v", h, got, need+2*theme.InnerPadding())
		}
	}
}

// TestReportDialogStart: the report dialog starts in the last report
// folder, and never inside the folder being checked.
func TestReportDialogStart(t *testing.T) {
	f := newFixture(t)
	s := f.win.check
	in := checkFolder(t, map[string]string{"innovation-i-0014.pdf": badPDF})
	var start string
	s.h.chooseSave = func(_, st, _ string, _ []string, cb func(string)) { start = st; cb(f.save) }
	f.save = filepath.Join(t.TempDir(), "r.json")
	s.h.setPref(prefCheckDir, in)
	waitRun(t, s, func() { s.setPaths([]string{in}) })
	s.exportReport()
	if start == in || strings.HasPrefix(start, in) {
		t.Errorf("report dialog started in the checked folder %s", start)
	}
	s.exportReport()
	if start != filepath.Dir(f.save) {
		t.Errorf("second report started in %q, want the last report folder %q", start, filepath.Dir(f.save))
	}
	s.h.setPref(prefReportDir, filepath.Join(in, "sub"))
	s.exportReport()
	if strings.HasPrefix(start, in) {
		t.Errorf("report dialog started inside the checked folder: %s", start)
	}
}
