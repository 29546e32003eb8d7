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

	"github.com/fgdesk/fgdesk/app/internal/register"
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

// TestAsOfNeverStored: with As of set and "Against register" ticked the
// check judges as of that time but records no receipt; without As of
// the receipt holds the file's real arrival time. No register row holds the as-of time.
func TestAsOfNeverStored(t *testing.T) {
	f := newFixture(t)
	s, rs := f.win.check, f.win.reg
	if rs.reg == nil {
		t.Fatalf("register not open: %v", rs.openErr)
	}
	if _, err := rs.allocate(register.Request{Title: "Outline", Source: "Example", Email: "a@example.com"}); err != nil {
		t.Fatal(err)
	}
	in := checkFolder(t, map[string]string{"innovation-i-0001.pdf": badPDF})
	s.useRegister.SetChecked(true)
	s.asOf.SetText("2012-03-13T09:00")
	asOf, err := s.profile.ParseInstant("2012-03-13T09:00")
	if err != nil {
		t.Fatal(err)
	}
	noAsOf := func(when string) {
		t.Helper()
		rs.reload()
		for _, d := range rs.docs {
			if d.ReceivedAt.Equal(asOf) || d.UpdatedAt.Equal(asOf) || d.AllocatedAt.Equal(asOf) {
				t.Errorf("%s: %s holds the as-of time: %+v", when, d.Name, d)
			}
		}
	}
	waitRun(t, s, func() { s.setPaths([]string{in}) })
	noAsOf("As of set")
	for _, d := range rs.docs {
		if d.Received() {
			t.Errorf("receipt recorded while As of is set: %+v", d)
		}
	}
	if !strings.Contains(s.summary.Text, "no receipts recorded") {
		t.Errorf("no visible note: %q", s.summary.Text)
	}
	s.asOf.SetText("")
	waitRun(t, s, func() { s.run([]string{in}) })
	noAsOf("As of cleared")
	// The receipt is the file's own arrival time (its modification time here).
	if len(rs.docs) != 1 || !rs.docs[0].Received() || !rs.docs[0].ReceivedAt.Equal(time.Date(2012, 3, 10, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("receipt not recorded with the file's real time: %+v", rs.docs)
	}
}
