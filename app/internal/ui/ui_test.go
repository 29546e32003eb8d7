package ui

import (
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/fgdesk/fgdesk/app/internal/contribution"
	"github.com/fgdesk/fgdesk/app/internal/finding"
	_ "github.com/fgdesk/fgdesk/app/internal/localefix" // quiet Fyne under LANG=C.UTF-8
)

// fixture is a window with canned dialog answers.
type fixture struct {
	t        testing.TB
	win      *Window
	w        fyne.Window
	dir      string   // what chooseFolder answers
	open     string   // what chooseOpen answers
	save     string   // what chooseSave answers
	confirms []string // titles of confirm dialogs shown
	yes      bool     // answer to confirms
	errs     []error
}

func newFixture(t testing.TB, args ...string) *fixture {
	t.Helper()
	t.Setenv("LANG", "en_US.UTF-8")
	t.Setenv("FGDESK_HOME", t.TempDir())
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	f := &fixture{t: t, w: w, dir: t.TempDir()}
	// Screens read the host at call time, so hooks set after Create apply.
	f.win = Create(a, w, nil)
	t.Cleanup(f.win.compose.close) // no timer fires into a finished test
	h := f.win.h
	h.chooseFolder = func(_, _ string, cb func(string)) { cb(f.dir) }
	h.chooseOpen = func(_, _ string, _ []string, cb func(string)) {
		if f.open != "" {
			cb(f.open)
		}
	}
	h.chooseSave = func(_, _, _ string, _ []string, cb func(string)) {
		if f.save != "" {
			cb(f.save)
		}
	}
	h.confirm = func(title, _ string, cb func(bool)) { f.confirms = append(f.confirms, title); cb(f.yes) }
	h.showError = func(err error) { f.errs = append(f.errs, err) }
	h.showInfo = func(string, string) {}
	h.openURL = func(*url.URL) error { return nil }
	if len(args) > 0 {
		f.win.open(args)
	}
	return f
}

func codesOf(fs []finding.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

func TestComposeTypeAndExport(t *testing.T) {
	f := newFixture(t)
	c := f.win.compose
	// An empty form: the number, title, source and contact are reported.
	for _, code := range []string{"NUM-MISSING", "TPL-TITLE-EMPTY", "TPL-SOURCE-EMPTY", "TPL-CONTACT-NONE"} {
		if !slices.Contains(codesOf(c.findings.shown), code) {
			t.Errorf("empty form lacks %s: %v", code, codesOf(c.findings.shown))
		}
	}
	test.Type(c.number, "12")
	if !slices.Contains(codesOf(c.findings.shown), "NUM-FORMAT") {
		t.Errorf("number 12 not flagged: %v", codesOf(c.findings.shown))
	}
	c.number.SetText("")
	test.Type(c.number, "0012")
	test.Type(c.source, "Example Telecom")
	test.Type(c.title, "Outline of the innovation report")
	test.Type(c.contacts[0].name, "Ana Silva")
	test.Type(c.contacts[0].email, "ana.silva@example.com")
	test.Type(c.abstract, "An outline for discussion.")
	c.purpose.SetSelected("Discussion")
	test.Type(c.body, "## Introduction\n\nText.\n")
	if got := c.fileName.Text; got != "→ innovation-i-0012.docx" {
		t.Errorf("file name label %q", got)
	}
	if n := len(c.findings.shown); n != 0 {
		t.Fatalf("filled form still has findings: %v", c.findings.shown)
	}
	if c.findings.summary.Text != "Ready to export" {
		t.Errorf("summary %q", c.findings.summary.Text)
	}

	test.Tap(c.exportBtn)
	path := filepath.Join(f.dir, "innovation-i-0012.docx")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("export did not write %s: %v (errors %v)", path, err, f.errs)
	}
	if c.lastExport != path || !strings.Contains(c.status.Text, path) {
		t.Errorf("status %q lastExport %q", c.status.Text, c.lastExport)
	}
	// Exporting again asks before replacing; "no" keeps the file.
	before, _ := os.Stat(path)
	f.yes = false
	f.confirms = nil
	test.Tap(c.exportBtn)
	if !slices.Contains(f.confirms, "Replace file?") {
		t.Errorf("no replace question: %v", f.confirms)
	}
	after, _ := os.Stat(path)
	if !after.ModTime().Equal(before.ModTime()) {
		t.Error("file replaced although the answer was no")
	}
	if len(f.errs) != 0 {
		t.Errorf("errors: %v", f.errs)
	}
}

func TestComposeContactsAndFocus(t *testing.T) {
	f := newFixture(t)
	c := f.win.compose
	c.setModel(&contribution.Model{Number: "0012", Source: "S", Title: "T", Contacts: []contribution.Contact{{Name: "A", Email: "a@example.com"}}})
	c.addContact(contribution.Contact{Name: "B", Email: "not-an-email"})
	c.changed()
	var bad *finding.Finding
	for i, fd := range c.findings.shown {
		if fd.Code == "TPL-CONTACT-EMAIL" {
			bad = &c.findings.shown[i]
		}
	}
	if bad == nil || bad.Field != "contacts[1].email" {
		t.Fatalf("second contact's e-mail not flagged: %v", c.findings.shown)
	}
	c.focusField(bad.Field)
	if f.w.Canvas().Focused() != c.contacts[1].email {
		t.Error("go-to-field did not focus the e-mail entry")
	}
	c.removeContact(c.contacts[1])
	if len(c.contacts) != 1 || slices.Contains(codesOf(c.findings.shown), "TPL-CONTACT-EMAIL") {
		t.Errorf("remove contact: %d rows, findings %v", len(c.contacts), codesOf(c.findings.shown))
	}
	m := c.model()
	if m.Contacts[0].Name != "A" || m.Number != "0012" {
		t.Errorf("model after remove %+v", m)
	}
}

func TestComposeDraftRoundTrip(t *testing.T) {
	f := newFixture(t)
	c := f.win.compose
	want := &contribution.Model{Number: "0042", Source: "Src", Title: "Ti", WGs: "WG1", Purpose: contribution.Decision,
		Abstract: "Ab", Keywords: "k1; k2", Body: "# H\n\nbody", Type: contribution.Liaison,
		Contacts: []contribution.Contact{{Name: "A", Organization: "O", Country: "C", Tel: "1", Fax: "2", Email: "a@example.com"}, {Name: "B", Email: "b@example.com"}}}
	c.setModel(want)
	f.save = filepath.Join(t.TempDir(), "d.json")
	c.saveDraft()
	if _, err := os.Stat(f.save); err != nil {
		t.Fatalf("draft not saved: %v %v", err, f.errs)
	}
	c.setModel(&contribution.Model{})
	f.open = f.save
	c.openDraft()
	got := c.model()
	if got.Title != want.Title || got.Type != want.Type || got.Purpose != want.Purpose || len(got.Contacts) != 2 || got.Contacts[0] != want.Contacts[0] || got.Body != want.Body {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}
	if c.draftPath != f.save {
		t.Errorf("draftPath %q", c.draftPath)
	}
}

func TestComposeBadDraft(t *testing.T) {
	f := newFixture(t)
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte("{not json"), 0o644)
	f.win.compose.loadDraft(bad)
	if len(f.errs) != 1 || !strings.Contains(f.errs[0].Error(), "bad.json") {
		t.Fatalf("errors %v", f.errs)
	}
}

func TestDates(t *testing.T) {
	old := clock
	clock = func() time.Time { return time.Date(2012, 3, 1, 12, 0, 0, 0, time.UTC) }
	defer func() { clock = old }()
	f := newFixture(t)
	d := f.win.compose.dates
	d.tick(f.win.profile)
	if got := d.countdown.Text; got != "11 days 10 h left" {
		t.Errorf("countdown %q", got)
	}
	if !strings.Contains(d.deadline.Text, "Mon 12 Mar 2012 23:59 CET") {
		t.Errorf("deadline %q", d.deadline.Text)
	}
}

// waitRun waits for the check screen's background run to end.
func waitRun(t *testing.T, s *checkScreen, start func()) {
	t.Helper()
	done := make(chan struct{})
	s.done = func() { close(done) }
	start()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("check did not finish")
	}
	s.done = nil
}

func TestCheckScreen(t *testing.T) {
	f := newFixture(t)
	c := f.win.compose
	c.setModel(&contribution.Model{Number: "0012", Source: "Example", Title: "Outline", Purpose: contribution.Discussion, Abstract: "A.",
		Contacts: []contribution.Contact{{Name: "A", Email: "a@example.com"}}})
	test.Tap(c.exportBtn)
	in := filepath.Join(t.TempDir(), "incoming")
	os.MkdirAll(in, 0o755)
	data, err := os.ReadFile(filepath.Join(f.dir, "innovation-i-0012.docx"))
	if err != nil {
		t.Fatal(err)
	}
	onTime := time.Date(2012, 3, 10, 12, 0, 0, 0, time.UTC)
	write := func(name string, b []byte) {
		p := filepath.Join(in, name)
		os.WriteFile(p, b, 0o644)
		os.Chtimes(p, onTime, onTime)
	}
	write("innovation-i-0012.docx", data)
	write("Innovation-I-0013.docx", data)
	write("innovation-i-0014.pdf", []byte("%PDF-1.4\n1 0 obj << /OpenAction 2 0 R /JavaScript 3 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"))

	s := f.win.check
	f.dir = in
	waitRun(t, s, func() { s.h.chooseFolder("", "", func(d string) { s.setPaths([]string{d}) }) })
	if f.win.tabs.SelectedIndex() != 1 && len(s.rows) == 0 {
		t.Fatal("no results")
	}
	if len(s.rows) != 3 {
		t.Fatalf("rows %d: %+v", len(s.rows), s.rows)
	}
	if s.progress.Value != 1 || s.progLabel.Text != "Done" {
		t.Errorf("progress %v %q", s.progress.Value, s.progLabel.Text)
	}
	verdict := map[string]finding.Severity{}
	for _, r := range s.rows {
		verdict[r.Name] = r.Verdict
	}
	if verdict["innovation-i-0012.docx"] > finding.Info || verdict["Innovation-I-0013.docx"] != finding.Error || verdict["innovation-i-0014.pdf"] != finding.Error {
		t.Errorf("verdicts %v", verdict)
	}
	if !strings.Contains(s.summary.Text, "3 file(s): 1 pass") {
		t.Errorf("summary %q", s.summary.Text)
	}
	// Sort by verdict, worst last, then select the last row: its details show.
	s.sortBy(1)
	last := s.rows[len(s.rows)-1]
	if last.Verdict != finding.Error {
		t.Errorf("sort by verdict: last is %s", last.Verdict)
	}
	s.table.Select(widget.TableCellID{Row: len(s.rows) - 1, Col: 0})
	if !strings.Contains(s.facts.Text, last.Name) || len(s.details.shown) != len(last.Findings) {
		t.Errorf("details: %q, %d findings shown of %d", s.facts.Text, len(s.details.shown), len(last.Findings))
	}
	// Export the report as JSON and xlsx.
	for _, ext := range []string{".json", ".xlsx"} {
		f.save = filepath.Join(t.TempDir(), "report"+ext)
		s.exportReport()
		if st, err := os.Stat(f.save); err != nil || st.Size() == 0 {
			t.Errorf("report %s not written: %v %v", ext, err, f.errs)
		}
	}
}

func TestCheckMyFile(t *testing.T) {
	f := newFixture(t)
	c := f.win.compose
	c.setModel(&contribution.Model{Number: "0012", Source: "Example", Title: "Outline", Contacts: []contribution.Contact{{Name: "A", Email: "a@example.com"}}})
	test.Tap(c.exportBtn)
	s := f.win.check
	waitRun(t, s, c.checkMyFile)
	if f.win.tabs.SelectedIndex() != 1 || len(s.rows) != 1 || s.rows[0].Name != "innovation-i-0012.docx" {
		t.Fatalf("check my file: tab %d rows %+v", f.win.tabs.SelectedIndex(), s.rows)
	}
}

func TestDrop(t *testing.T) {
	f := newFixture(t)
	d := t.TempDir()
	p := filepath.Join(d, "innovation-i-0001.pdf")
	os.WriteFile(p, []byte("%PDF-1.4\n%%EOF\n"), 0o644)
	s := f.win.check
	waitRun(t, s, func() { f.win.dropped([]fyne.URI{storage.NewFileURI(p)}) })
	if len(s.rows) != 1 || f.win.tabs.SelectedIndex() != 1 {
		t.Fatalf("drop: rows %d tab %d", len(s.rows), f.win.tabs.SelectedIndex())
	}
}

func tableCell(row int) widget.TableCellID { return widget.TableCellID{Row: row, Col: 0} }

func TestComposeBodyFindings(t *testing.T) {
	old := bodyCheckDelay
	bodyCheckDelay = time.Millisecond
	defer func() { bodyCheckDelay = old }()
	f := newFixture(t)
	c := f.win.compose
	c.setModel(&contribution.Model{Number: "0012", Source: "S", Title: "T", Contacts: []contribution.Contact{{Name: "A", Email: "a@example.com"}}})
	test.Type(c.body, "## Results\n\n![Figure 1](no-such-figure.png)\n")
	deadline := time.Now().Add(10 * time.Second)
	for !slices.Contains(codesOf(c.findings.shown), "BODY-RENDER") {
		if time.Now().After(deadline) {
			t.Fatalf("missing image not reported: %v", codesOf(c.findings.shown))
		}
		time.Sleep(20 * time.Millisecond)
	}
	c.body.SetText("## Results\n\nNo figure after all.\n")
	deadline = time.Now().Add(10 * time.Second)
	for slices.Contains(codesOf(c.findings.shown), "BODY-RENDER") {
		if time.Now().After(deadline) {
			t.Fatalf("fixed body still reported: %v", codesOf(c.findings.shown))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestRequestNumber(t *testing.T) {
	f := newFixture(t)
	var opened string
	f.win.h.openURL = func(u *url.URL) error { opened = u.String(); return nil }
	c := f.win.compose
	c.setModel(&contribution.Model{Source: "Example Telecom", Title: "Outline of the report", Contacts: []contribution.Contact{{Name: "Ana", Email: "ana@example.com"}}})
	f.yes = true
	c.requestNumber()
	if !strings.HasPrefix(opened, "mailto:tsbfginnovation@itu.int?") || !strings.Contains(opened, "Outline") {
		t.Errorf("mailto = %q", opened)
	}
	f.yes = false
	f.save = filepath.Join(t.TempDir(), "req.eml")
	c.requestNumber()
	b, err := os.ReadFile(f.save)
	if err != nil || !strings.Contains(string(b), "<tsbfginnovation@itu.int>") {
		t.Errorf("eml: %v\n%s", err, b)
	}
}
